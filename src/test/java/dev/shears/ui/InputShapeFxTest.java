package dev.shears.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.io.LoadedModel;
import dev.shears.io.ModelFiles;
import dev.shears.model.TensorShape;
import dev.shears.ui.layers.LayerRow;
import dev.shears.ui.shell.InputShapeDialog;
import dev.shears.ui.shell.MainViewModel;
import dev.shears.ui.shell.RecentFiles;
import dev.shears.ui.task.TaskRunner;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.ButtonType;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableView;
import javafx.stage.Stage;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Opening a model whose file does not record its input size asks for it, the guess filled in and
 * checked as it is typed; the answer is what the tree shows, and a kept guess is marked ≈.
 */
@ExtendWith(ApplicationExtension.class)
class InputShapeFxTest {
    @TempDir
    static Path dir;
    static Path anySize;
    private MainViewModel viewModel;

    @BeforeAll
    static void save() throws Exception {
        ComputationGraph net = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(3).graphBuilder()
                .addInputs("in")
                .addLayer("conv", new ConvolutionLayer.Builder(3, 3).nIn(3).nOut(4)
                        .convolutionMode(ConvolutionMode.Same).activation(Activation.RELU).build(), "in")
                .addLayer("gap", new GlobalPoolingLayer(), "conv")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(4).nOut(3)
                        .activation(Activation.SOFTMAX).build(), "gap")
                .setOutputs("out").build());
        net.init();
        anySize = dir.resolve("any-size.zip");
        ModelFiles.save(net, anySize);
    }

    @Start
    void start(Stage stage) {
        viewModel = new MainViewModel(new TaskRunner(), new RecentFiles(dir.resolve("settings")));
        ShearsApp.showMainWindow(stage, viewModel);
    }

    @Test
    void theAnswerIsCheckedAsTypedAndBecomesTheModelsInput(FxRobot robot) throws Exception {
        robot.interact(() -> viewModel.open(anySize));
        DialogPane dialog = waitForDialog(robot);
        TextField field = robot.lookup("#" + InputShapeDialog.FIELD_ID).queryAs(TextField.class);
        assertThat(field.getText()).isEqualTo("3,224,224");
        assertThat(viewModel.modelProperty().get()).as("nothing shown before the answer").isNull();

        robot.interact(() -> field.setText("1,32,32"));
        assertThat(robot.lookup("#" + InputShapeDialog.PROBLEM_ID).queryAs(Label.class).getText())
                .isEqualTo("The layers do not take 1×32×32: 'conv' takes 3 channels, and gets 1 (from 1×32×32).");
        assertThat(dialog.lookupButton(ButtonType.OK).isDisabled()).isTrue();

        robot.interact(() -> field.setText("3,32,40"));
        assertThat(robot.lookup("#" + InputShapeDialog.PROBLEM_ID).queryAs(Label.class).getText()).isEmpty();
        robot.interact(() -> ((javafx.scene.control.Button) dialog.lookupButton(ButtonType.OK)).fire());
        waitForModel();

        LoadedModel model = viewModel.modelProperty().get();
        assertThat(model.graph().inputShapeAssumed()).isFalse();
        assertThat(model.graph().input().shape()).isEqualTo(TensorShape.of(3, 32, 40));
        assertThat(shapeInTree(robot, "conv")).isEqualTo("[4, 32, 40]");
        // the conv, and the output layer's 4·3
        assertThat(robot.lookup("#statusModel").queryAs(Label.class).getText()).doesNotContain("guessed")
                .contains(dev.shears.analysis.Formats.exact(4L * 3 * 9 * 32 * 40 + 4 * 3) + " MACs");
    }

    @Test
    void cancelKeepsTheGuessMarkedAsOne(FxRobot robot) throws Exception {
        robot.interact(() -> viewModel.open(anySize));
        DialogPane dialog = waitForDialog(robot);

        robot.interact(() -> ((javafx.scene.control.Button) dialog.lookupButton(ButtonType.CANCEL)).fire());
        waitForModel();

        assertThat(viewModel.modelProperty().get().graph().inputShapeAssumed()).isTrue();
        assertThat(shapeInTree(robot, "conv")).isEqualTo("≈ [4, 224, 224]");
        assertThat(shapeInTree(robot, "out")).isEqualTo("≈ [3]");
        assertThat(robot.lookup("#statusModel").queryAs(Label.class).getText())
                .contains("≈ " + dev.shears.analysis.Formats.exact(4L * 3 * 9 * 224 * 224 + 4 * 3) + " MACs")
                .contains("input size guessed ([3, 224, 224])");
    }

    private static DialogPane waitForDialog(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS,
                () -> robot.lookup("#" + InputShapeDialog.DIALOG_ID).tryQuery().isPresent());
        WaitForAsyncUtils.waitForFxEvents();
        return robot.lookup("#" + InputShapeDialog.DIALOG_ID).queryAs(DialogPane.class);
    }

    private void waitForModel() throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> viewModel.modelProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @SuppressWarnings("unchecked")
    private static String shapeInTree(FxRobot robot, String name) {
        TreeTableView<LayerRow> tree = robot.lookup("#layerTree").queryAs(TreeTableView.class);
        for (TreeItem<LayerRow> item : tree.getRoot().getChildren()) {
            if (item.getValue().name().equals(name)) {
                return item.getValue().outputShape();
            }
        }
        throw new AssertionError("no row " + name);
    }
}
