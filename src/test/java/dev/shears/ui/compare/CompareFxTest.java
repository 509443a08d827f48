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
import java.util.concurrent.TimeUnit;
import javafx.scene.control.CheckBox;
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

/** File ▸ Compare with… after an Apply: the window lists exactly the layers the step changed, and both accuracies. */
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
        // half of conv2's filters: conv2, its pooling, the flatten before fc1 and fc1's inputs; nothing else
        assertThat(comparison.changed()).extracting(ModelComparison.Row::name)
                .containsExactly("conv2", "pool2", "fc1/preprocessor", "fc1");
        assertThat(comparison.changed().get(0).first().orElseThrow().outputShape().dim(0)).isEqualTo(25);
        assertThat(comparison.changed().get(0).second().orElseThrow().outputShape().dim(0)).isEqualTo(50);
        @SuppressWarnings("unchecked")
        TableView<ModelComparison.Row> table = robot.lookup("#compareTable").queryAs(TableView.class);
        assertThat(table.getItems()).hasSize(comparison.rows().size());
        assertThat(robot.lookup("#compareTotals").queryAs(Label.class).getText())
                .startsWith("4 of " + comparison.rows().size() + " layers differ");

        robot.clickOn("#compareOnlyChanged");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#compareOnlyChanged").queryAs(CheckBox.class).isSelected()).isTrue();
        assertThat(table.getItems()).extracting(ModelComparison.Row::name)
                .containsExactly("conv2", "pool2", "fc1/preprocessor", "fc1");

        WaitForAsyncUtils.waitFor(180, TimeUnit.SECONDS, () -> robot.lookup("#compareAccuracy").queryAs(Label.class)
                .getText().startsWith("Validation top-1"));
        assertThat(robot.lookup("#compareAccuracy").queryAs(Label.class).getText())
                .contains("lenet-5 (step 1)").contains("lenet-5.zip");
    }
}
