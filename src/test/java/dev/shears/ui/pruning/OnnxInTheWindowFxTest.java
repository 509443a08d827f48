package dev.shears.ui.pruning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.analysis.Formats;
import dev.shears.data.DataRole;
import dev.shears.data.DataSource;
import dev.shears.eval.Evaluator;
import dev.shears.io.LoadedModel;
import dev.shears.io.ModelLoader;
import dev.shears.io.SampleLocations;
import dev.shears.model.LayerKind;
import dev.shears.model.LayerNode;
import dev.shears.onnx.OnnxBackend;
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
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The loop in the window on an ONNX file exported from PyTorch (fashion_cnn.onnx, trained on
 * Fashion-MNIST), opened with the Fashion-MNIST IDX folder as its data: baseline and preview in ONNX
 * Runtime, the heatmap's cut, Apply by slicing initializers, fine-tuning refused in a sentence, and
 * an export that writes a smaller .onnx with its recipe and report.
 */
@ExtendWith(ApplicationExtension.class)
class OnnxInTheWindowFxTest {
    private static final Path MODEL = Path.of("src/test/resources/onnx/fashion_cnn.onnx");

    @TempDir
    static Path settings;

    MainViewModel viewModel;
    MainView view;

    @Start
    void start(Stage stage) {
        viewModel = new MainViewModel(new TaskRunner(), new RecentFiles(settings));
        view = ShearsApp.showMainWindow(stage, viewModel);
        viewModel.open(MODEL, Optional.of(SampleLocations.fashionMnistFolder()));
    }

    @Test
    @SuppressWarnings("unchecked")
    void anOnnxModelPreviewsAppliesAndExportsAsOnnx(FxRobot robot, @TempDir Path out) throws Exception {
        WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, () -> view.pruning().plannerProperty().get() != null
                && view.pruning().baselineProperty().get() != null && view.pruning().baselineProperty().get().complete());
        LoadedModel opened = viewModel.modelProperty().get();
        assertThat(opened.backend()).isInstanceOf(OnnxBackend.class);
        assertThat(viewModel.modelSummaryProperty().get()).startsWith("fashion_cnn  ·  ONNX  ·");
        DataSource validation = viewModel.dataProperty().get().get(DataRole.VALIDATION).orElseThrow();
        assertThat(view.pruning().baselineProperty().get().accuracy())
                .isEqualTo(Evaluator.evaluate(ModelLoader.load(MODEL).backend(), validation).accuracy());
        assertThat(view.pruning().baselineProperty().get().engine()).isEqualTo("ONNX Runtime");

        robot.interact(() -> robot.lookup("#target").queryAs(ChoiceBox.class)
                .setValue(PruningViewModel.Target.EVERY_LAYER));
        robot.clickOn("#ratioField").eraseText(5).write("30").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();

        PruningSpec spec = view.pruning().specProperty().get();
        PruningResult real = new PruningService(Optional.empty()).run(opened, spec, ProgressListener.NONE,
                Cancellation.none());
        long params = real.model().graph().totalParams();
        assertThat(params).isLessThan(opened.graph().totalParams());
        assertThat(robot.lookup("#impactParams").queryAs(Label.class).getText()).contains("→ " + Formats.exact(params));
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> {
            String text = robot.lookup("#previewAccuracy").queryAs(Label.class).getText();
            return text.startsWith("Pruned: top-1") && !text.contains("refining");
        });

        // the heatmap greys 30 % of the first convolution's filters
        LayerNode conv = opened.graph().nodes().stream().filter(n -> n.kind() == LayerKind.CONVOLUTION)
                .findFirst().orElseThrow();
        int filters = (int) conv.params().get(0).shape().dims()[0];
        robot.interact(() -> view.layers().select(conv));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> view.weights().channelCutProperty().get() != null
                && view.weights().channelCutProperty().get().layer().equals(conv.name()));
        assertThat(view.weights().channelCutProperty().get().along(0).cardinality()).isEqualTo((int) (0.3 * filters));

        robot.clickOn("#applyPruning");
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> viewModel.currentStepProperty().get() == 1);
        WaitForAsyncUtils.waitForFxEvents();
        LoadedModel pruned = viewModel.modelProperty().get();
        assertThat(pruned.backend()).isInstanceOf(OnnxBackend.class);
        assertThat(pruned.graph().totalParams()).isEqualTo(params);
        assertThat(view.tuner().whyNot()).get().asString().startsWith("ONNX Runtime cannot train from Java");
        assertThat(view.tuner().possibleProperty().get()).isFalse();
        assertThat(view.tuner().explanationProperty().get()).startsWith("ONNX Runtime cannot train from Java")
                .contains("the sensitivity scan shows which layers tolerate pruning");

        view.exporter().setTestImages(300);
        assertThat(view.exporter().formats()).extracting(ExportDialog.FormatChoice::label)
                .containsExactly("ONNX file (.onnx)");
        robot.clickOn("#exportModel");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                () -> robot.lookup("#" + ExportDialog.DIALOG_ID).tryQuery().isPresent());
        robot.interact(() -> {
            robot.lookup("#exportFolder").queryAs(TextField.class).setText(out.toString());
            robot.lookup("#exportName").queryAs(TextField.class).setText("fashion-30");
        });
        DialogPane dialog = robot.lookup("#" + ExportDialog.DIALOG_ID).queryAs(DialogPane.class);
        robot.clickOn(dialog.lookupButton(dialog.getButtonTypes().get(0)));
        WaitForAsyncUtils.waitFor(180, TimeUnit.SECONDS,
                () -> robot.lookup("#" + ExportResultDialog.DIALOG_ID).tryQuery().isPresent());

        Path onnx = out.resolve("fashion-30.onnx");
        assertThat(Files.size(onnx)).isLessThan(Files.size(MODEL));
        assertThat(ModelLoader.load(onnx).graph().totalParams()).isEqualTo(params);
        assertThat(out.resolve("fashion-30.recipe.json")).isRegularFile();
        assertThat(Files.readString(out.resolve("fashion-30.report.html"))).contains(Formats.exact(params));
        robot.clickOn(robot.lookup("#" + ExportResultDialog.DIALOG_ID).queryAs(DialogPane.class)
                .lookupButton(javafx.scene.control.ButtonType.OK));
    }
}
