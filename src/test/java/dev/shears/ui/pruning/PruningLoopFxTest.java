package dev.shears.ui.pruning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.analysis.Formats;
import dev.shears.io.LoadedModel;
import dev.shears.pruning.recipes.PruningSpec;
import dev.shears.pruning.service.PruningResult;
import dev.shears.pruning.service.PruningService;
import dev.shears.task.Cancellation;
import dev.shears.task.ProgressListener;
import dev.shears.ui.ShearsApp;
import dev.shears.ui.export.ExportDialog;
import dev.shears.ui.export.ExportResultDialog;
import dev.shears.ui.shell.MainView;
import dev.shears.ui.shell.MainViewModel;
import dev.shears.ui.shell.RecentFiles;
import dev.shears.ui.task.TaskRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The whole loop in the window, on lenet-5: structured 50 % → the impact bar shows the parameters
 * the real run gives and the preview an accuracy → Apply → Export to a folder → plain DL4J loads the
 * zip with the previewed parameter count.
 */
@ExtendWith(ApplicationExtension.class)
class PruningLoopFxTest {
    @TempDir
    static Path settings;

    MainViewModel viewModel;
    MainView view;

    @Start
    void start(Stage stage) {
        viewModel = new MainViewModel(new TaskRunner(), new RecentFiles(settings));
        view = ShearsApp.showMainWindow(stage, viewModel);
        viewModel.openSample("lenet-5");
    }

    @Test
    @SuppressWarnings("unchecked")
    void structuredHalfPreviewApplyExport(FxRobot robot, @TempDir Path out) throws Exception {
        WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, () -> view.pruning().plannerProperty().get() != null);
        robot.interact(() -> robot.lookup("#target").queryAs(ChoiceBox.class)
                .setValue(PruningViewModel.Target.EVERY_LAYER));
        robot.clickOn("#ratioField").eraseText(5).write("50").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();

        PruningSpec spec = view.pruning().specProperty().get();
        LoadedModel model = viewModel.modelProperty().get();
        assertThat(spec.refits()).as("refitted by default").isTrue();
        // the counts only: a refit changes values, not shapes
        PruningResult real = new PruningService(Optional.empty()).run(model, spec.withRefitExamples(0),
                ProgressListener.NONE, Cancellation.none());
        long params = real.network().numParams();
        assertThat(robot.lookup("#impactParams").queryAs(Label.class).getText())
                .contains("→ " + Formats.exact(params));

        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> {
            String text = robot.lookup("#previewAccuracy").queryAs(Label.class).getText();
            return text.startsWith("Pruned: top-1") && !text.contains("refining");
        });

        // the heatmap greys what the plan removes: conv2 loses half its 50 filters and half its 20 inputs
        robot.interact(() -> view.layers().select(model.graph().node("conv2").orElseThrow()));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> view.weights().channelCutProperty().get() != null
                && view.weights().channelCutProperty().get().layer().equals("conv2"));
        assertThat(view.weights().channelCutProperty().get().along(0).cardinality()).isEqualTo(25);
        assertThat(view.weights().channelCutProperty().get().along(1).cardinality()).isEqualTo(10);

        robot.clickOn("#applyPruning");
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> viewModel.currentStepProperty().get() == 1);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(viewModel.modelProperty().get().network().numParams()).isEqualTo(params);

        // before/after histograms: the selected layer and all layers, against the opened model
        robot.interact(() -> view.layers().select(viewModel.modelProperty().get().graph().node("conv1").orElseThrow()));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> view.weights().weightsProperty().get() != null
                && view.weights().weightsProperty().get().node().name().equals("conv1")
                && view.weights().weightsProperty().get().before().isPresent()
                && view.weights().globalBeforeProperty().get() != null);
        var conv1 = view.weights().weightsProperty().get();
        assertThat(conv1.before().orElseThrow().total()).isEqualTo(20 * 25);
        assertThat(conv1.histogram().total()).isEqualTo(10 * 25);
        assertThat(view.weights().globalBeforeProperty().get().total())
                .isGreaterThan(view.weights().globalHistogramProperty().get().total());

        view.exporter().setTestImages(300);
        robot.clickOn("#exportModel");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                () -> robot.lookup("#" + ExportDialog.DIALOG_ID).tryQuery().isPresent());
        robot.interact(() -> {
            robot.lookup("#exportFolder").queryAs(TextField.class).setText(out.toString());
            robot.lookup("#exportName").queryAs(TextField.class).setText("lenet5-half");
        });
        DialogPane dialog = robot.lookup("#" + ExportDialog.DIALOG_ID).queryAs(DialogPane.class);
        robot.clickOn(dialog.lookupButton(dialog.getButtonTypes().get(0)));
        WaitForAsyncUtils.waitFor(180, TimeUnit.SECONDS,
                () -> robot.lookup("#" + ExportResultDialog.DIALOG_ID).tryQuery().isPresent());

        Path zip = out.resolve("lenet5-half.zip");
        assertThat(out.resolve("lenet5-half.recipe.json")).isRegularFile();
        assertThat(Files.readString(out.resolve("lenet5-half.report.html"))).contains(Formats.exact(params));
        MultiLayerNetwork reloaded = ModelSerializer.restoreMultiLayerNetwork(zip.toFile());
        assertThat(reloaded.numParams()).isEqualTo(params);
        assertThat(robot.lookup("#exportSummary").queryAs(Label.class).getText())
                .contains(Formats.exact(Files.size(zip)) + " bytes (measured)");
        robot.clickOn(robot.lookup("#" + ExportResultDialog.DIALOG_ID).queryAs(DialogPane.class)
                .lookupButton(javafx.scene.control.ButtonType.OK));
    }
}
