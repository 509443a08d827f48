package dev.shears.ui.compare;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.analysis.ModelComparison;
import dev.shears.io.LoadedModel;
import dev.shears.io.SampleLocations;
import dev.shears.ui.ShearsApp;
import dev.shears.ui.pruning.PruningViewModel;
import dev.shears.ui.shell.MainView;
import dev.shears.ui.shell.MainViewModel;
import dev.shears.ui.shell.RecentFiles;
import dev.shears.ui.task.TaskRunner;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import dev.shears.analysis.heatmap.ColorScheme;
import dev.shears.analysis.heatmap.WeightDifference;
import dev.shears.pruning.PruningMode;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.input.KeyCode;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * File ▸ Compare with… after an Apply, and History ▸ Compare these steps after two: the window lists exactly the
 * layers the (second) step changed, both accuracies, and B − A of a selected layer's weights.
 */
@ExtendWith(ApplicationExtension.class)
class CompareFxTest {
    @TempDir
    static Path settings;

    private MainViewModel viewModel;
    private MainView view;

    @Start
    void start(Stage stage) {
        viewModel = new MainViewModel(new TaskRunner(), new RecentFiles(settings));
        view = ShearsApp.showMainWindow(stage, viewModel);
        viewModel.openSample("lenet-5");
    }

    @Test
    void comparingTheAppliedStepWithTheOpenedFileShowsExactlyTheLayersTheApplyChanged(FxRobot robot)
            throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> {
            LoadedModel m = viewModel.modelProperty().get();
            return m != null && m.displayName().equals("lenet-5") && view.pruning().plannerProperty().get() != null;
        });
        PruningViewModel pruning = view.pruning();
        robot.interact(() -> {
            pruning.targetProperty().set(PruningViewModel.Target.EVERY_LAYER);
            assertThat(pruning.setKeep("conv2", 0.5)).isEmpty();
        });
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> pruning.specProperty().get() != null
                && !pruning.specProperty().get().layers().isEmpty());
        robot.interact(pruning::apply);
        WaitForAsyncUtils.waitFor(180, TimeUnit.SECONDS, () -> viewModel.currentStepProperty().get() == 1);

        robot.interact(() -> view.compareWith(SampleLocations.sampleModel("lenet-5")));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> view.compare().comparisonProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();

        ModelComparison comparison = view.compare().comparisonProperty().get();
        // half of conv2's filters: conv2, its pooling, the flatten before fc1 and fc1's inputs; and the layers the
        // default refit changed (decision 0034), read here from the two models' own values; nothing else
        assertThat(pruning.specProperty().get().refits()).isTrue();
        List<String> differing = differing(SampleLocations.sampleModel("lenet-5"), viewModel.modelProperty().get());
        assertThat(differing).startsWith("conv2", "pool2", "fc1/preprocessor", "fc1");
        assertThat(comparison.changed()).extracting(ModelComparison.Row::name).containsExactlyElementsOf(differing);
        assertThat(comparison.changed().get(0).first().orElseThrow().outputShape().dim(0)).isEqualTo(25);
        assertThat(comparison.changed().get(0).second().orElseThrow().outputShape().dim(0)).isEqualTo(50);
        @SuppressWarnings("unchecked")
        TableView<ModelComparison.Row> table = robot.lookup("#compareTable").queryAs(TableView.class);
        assertThat(table.getItems()).hasSize(comparison.rows().size());
        assertThat(robot.lookup("#compareTotals").queryAs(Label.class).getText())
                .startsWith(differing.size() + " of " + comparison.rows().size() + " layers differ");

        robot.clickOn("#compareOnlyChanged");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#compareOnlyChanged").queryAs(CheckBox.class).isSelected()).isTrue();
        assertThat(table.getItems()).extracting(ModelComparison.Row::name).containsExactlyElementsOf(differing);

        WaitForAsyncUtils.waitFor(180, TimeUnit.SECONDS, () -> robot.lookup("#compareAccuracy").queryAs(Label.class)
                .getText().startsWith("Validation top-1"));
        assertThat(robot.lookup("#compareAccuracy").queryAs(Label.class).getText())
                .contains("lenet-5 (step 1)").contains("lenet-5.zip");
    }

    @Test
    void comparingTwoHistoryStepsShowsTheSecondApplysLayersAndAZeroedWeightInTheColourOfMinusW(FxRobot robot)
            throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> {
            LoadedModel m = viewModel.modelProperty().get();
            return m != null && m.displayName().equals("lenet-5") && view.pruning().plannerProperty().get() != null;
        });
        PruningViewModel pruning = view.pruning();
        // step 1: half of conv2's filters
        robot.interact(() -> {
            pruning.targetProperty().set(PruningViewModel.Target.EVERY_LAYER);
            assertThat(pruning.setKeep("conv2", 0.5)).isEmpty();
        });
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> pruning.specProperty().get() != null
                && pruning.specProperty().get().layers().containsKey("conv2"));
        robot.interact(pruning::apply);
        WaitForAsyncUtils.waitFor(180, TimeUnit.SECONDS, () -> viewModel.currentStepProperty().get() == 1);
        // step 2: half of conv1's weights zeroed, nothing else
        robot.interact(() -> {
            pruning.modeProperty().set(PruningMode.UNSTRUCTURED);
            pruning.setKeep("conv2", Double.NaN);
            assertThat(pruning.setKeep("conv1", 0.5)).isEmpty();
        });
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> pruning.specProperty().get() != null
                && pruning.specProperty().get().mode() == PruningMode.UNSTRUCTURED
                && pruning.specProperty().get().layers().keySet().equals(java.util.Set.of("conv1")));
        robot.interact(pruning::apply);
        WaitForAsyncUtils.waitFor(180, TimeUnit.SECONDS, () -> viewModel.currentStepProperty().get() == 2);
        WaitForAsyncUtils.waitForFxEvents();

        // click step 1, Ctrl+click step 2, Ctrl+Shift+D
        robot.clickOn(historyCell(robot, 1));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> viewModel.currentStepProperty().get() == 1);
        robot.press(KeyCode.CONTROL).clickOn(historyCell(robot, 2)).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(viewModel.currentStepProperty().get()).as("a second step picked for comparing is not gone to")
                .isEqualTo(1);
        assertThat(robot.lookup("#compareSteps").queryAs(Button.class).isDisabled()).isFalse();
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.D).release(KeyCode.D, KeyCode.SHIFT, KeyCode.CONTROL);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> view.compareWindow() != null
                && view.compare().comparisonProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();

        ModelComparison comparison = view.compare().comparisonProperty().get();
        assertThat(robot.lookup("#compareTitle").queryAs(Label.class).getText())
                .isEqualTo("lenet-5 (step 1)  →  lenet-5 (step 2)");
        assertThat(comparison.changed()).extracting(ModelComparison.Row::name).containsExactly("conv1");

        CompareWindow window = view.compareWindow();
        robot.interact(() -> window.table().getSelectionModel().select(comparison.changed().get(0)));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> window.difference().renderedProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();

        CompareViewModel.Difference difference = view.compare().differenceProperty().get();
        WeightDifference values = difference.values();
        assertThat(difference.layer()).isEqualTo("conv1");
        assertThat(difference.summary().changed()).isEqualTo(250); // half of W [20, 1, 5, 5]
        // the zeroed weight of largest |w|: the end of the scale
        int row = -1;
        int column = -1;
        for (int r = 0; r < values.source().rows(); r++) {
            for (int c = 0; c < values.source().columns(); c++) {
                if (values.holdsValue(r, c) && values.secondAt(r, c) == 0 && (row < 0
                        || Math.abs(values.firstAt(r, c)) > Math.abs(values.firstAt(row, column)))) {
                    row = r;
                    column = c;
                }
            }
        }
        float w = values.firstAt(row, column);
        DifferenceView shown = window.difference();
        double px = shown.viewport().pixelX(column + 0.5, shown.canvasPane().getWidth());
        double py = shown.viewport().pixelY(row + 0.5, shown.canvasPane().getHeight());
        int pixel = shown.image().getImage().getPixelReader().getArgb((int) px, (int) py);
        assertThat(shown.renderedProperty().get().legend().rangeMax()).isEqualTo(Math.abs(w));
        // its scale is drawn by the weights' legend bar, with the difference's note for the counts
        Object legend = robot.lookup("#differenceLegend").query();
        assertThat(legend).isInstanceOf(dev.shears.ui.weights.LegendBar.class);
        assertThat(robot.lookup("#differenceCounts").queryAs(Label.class).getText())
                .isEqualTo("B − A  (white: unchanged)");
        assertThat(pixel).as("the colour of −w = %s", -w).isEqualTo(ColorScheme.BLUE_WHITE_RED.argb(-Math.signum(w)))
                .isNotEqualTo(ColorScheme.BLUE_WHITE_RED.argb(Math.signum(w)));

        robot.moveTo(shown.canvasPane().localToScreen(px, py));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#differenceHover").queryAs(Label.class).getText())
                .contains(String.format(java.util.Locale.ROOT, "A %.4g · B 0.000 · B − A %.4g", w, -w)
                        .replace('-', '−'));
    }

    private static javafx.scene.control.ListCell<?> historyCell(FxRobot robot, int index) {
        return robot.lookup("#historyList .list-cell").queryAllAs(javafx.scene.control.ListCell.class).stream()
                .filter(cell -> cell.getIndex() == index && !cell.isEmpty()).findFirst().orElseThrow();
    }

    /** The layers whose shapes or parameter values differ between the opened file and the applied step. */
    private static List<String> differing(java.nio.file.Path file, LoadedModel applied) throws Exception {
        LoadedModel opened = dev.shears.io.ModelLoader.load(file);
        List<String> names = new java.util.ArrayList<>();
        for (var before : opened.graph().nodes()) {
            var after = applied.graph().node(before.name()).orElseThrow();
            boolean differs = !before.inputShape().equals(after.inputShape())
                    || !before.outputShape().equals(after.outputShape())
                    || before.params().stream().anyMatch(p -> !java.util.Arrays.equals(
                            opened.backend().paramValues(before.name(), p.key()),
                            applied.backend().paramValues(before.name(), p.key())));
            if (differs) {
                names.add(before.name());
            }
        }
        return names;
    }
}
