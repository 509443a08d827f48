package dev.shears.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.io.SampleLocations;
import dev.shears.ui.shell.MainView;
import dev.shears.ui.shell.MainViewModel;
import dev.shears.ui.shell.RecentFiles;
import dev.shears.ui.task.TaskRunner;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The first frame has only the menu, the status bar and the empty state; the work area follows it unasked,
 * with the layer tree alone until a model is shown in it: the weights, details and pruning panel join after.
 */
@ExtendWith(ApplicationExtension.class)
class WorkAreaAfterFirstFrameFxTest {
    @TempDir
    static Path settings;

    private MainView view;
    private MainViewModel viewModel;
    private boolean builtWhenShown;

    @Start
    void start(Stage stage) {
        viewModel = new MainViewModel(new TaskRunner(), new RecentFiles(settings));
        view = ShearsApp.showMainWindow(stage, viewModel);
        builtWhenShown = view.workAreaBuiltProperty().get();
    }

    @Test
    void theWorkAreaIsBuiltAfterTheWindowIsShownWithoutWaitingForAModel(FxRobot robot) throws Exception {
        assertThat(builtWhenShown).as("work area in the window when it was shown").isFalse();
        assertThat(robot.lookup("#statusModel").tryQuery()).as("status bar").isPresent();

        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> view.workAreaBuiltProperty().get());
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(viewModel.modelProperty().get()).as("no model was opened").isNull();
        assertThat(robot.lookup("#layerTree").tryQuery()).as("the layer tree").isPresent();
        assertThat(robot.lookup("#emptyState").tryQuery()).as("the empty state, still on top").isPresent();
        assertThat(robot.lookup("#pruningPanel").tryQuery()).as("the pruning panel before a model").isEmpty();
        assertThat(robot.lookup("#detailsTitle").tryQuery()).as("the details before a model").isEmpty();

        robot.interact(() -> viewModel.open(SampleLocations.sampleModel("lenet-5")));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> viewModel.modelProperty().get() != null);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#pruningPanel").tryQuery().isPresent());
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(robot.lookup("#pruningPanel").query().isVisible()).as("the pruning panel with a model").isTrue();
        assertThat(robot.lookup("#detailsTitle").tryQuery()).as("the details with a model").isPresent();
        assertThat(view.shownViewsProperty().get()).containsExactlyInAnyOrder("layers", "heatmap");
    }
}
