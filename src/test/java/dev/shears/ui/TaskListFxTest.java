package dev.shears.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.eval.AccuracyEstimate;
import dev.shears.ui.shell.MainView;
import dev.shears.ui.shell.MainViewModel;
import dev.shears.ui.shell.RecentFiles;
import dev.shears.ui.task.TaskListView;
import dev.shears.ui.task.TaskRecord;
import dev.shears.ui.task.TaskRunner;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The task list in the real window on lenet-5 (Monocle): a fine-tune runs while a scan waits behind it
 * and a preview runs beside it; each row's Cancel stops that task only.
 */
@ExtendWith(ApplicationExtension.class)
class TaskListFxTest {
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
    void aPreviewFinishesBesideAFineTuneAndEachRowCancelsOnlyItsOwnTask(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> viewModel.modelProperty().get() != null
                && view.pruning().plannerProperty().get() != null);
        // opening's own tasks (layout, the unpruned baseline) end first, so the count below is ours
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> viewModel.runner().activeCountProperty().get() == 0);
        robot.interact(() -> {
            view.tuner().epochsProperty().set(5); // far longer than this test: it is cancelled below
            view.tuner().start();
            view.sensitivity().scan();
        });
        TaskRecord tune = record("Fine-tuning…");
        TaskRecord scan = record("Sensitivity scan…");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> tune.state() == TaskRecord.State.RUNNING);

        robot.clickOn("#showTasks");
        assertThat(robot.lookup("#taskList").query().isVisible()).isTrue();
        assertThat(robot.lookup("#showTasks").queryAs(Button.class).getText()).isEqualTo("Tasks (2)");
        assertThat(detailOf(robot, scan)).isEqualTo(
                "Waiting for ‘Fine-tuning’ to finish: fine-tuning and scans run one at a time.");

        robot.interact(() -> view.pruning().ratioProperty().set(0.5));
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> {
            AccuracyEstimate e = view.pruning().previewProperty().get();
            return e != null && e.complete();
        });
        // the preview measured all 5,000 validation images while the fine-tune kept running
        assertThat(tune.state()).isEqualTo(TaskRecord.State.RUNNING);

        robot.clickOn(cancelOf(robot, scan));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> scan.state() == TaskRecord.State.CANCELLED);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(detailOf(robot, scan)).isEqualTo("Cancelled.");
        assertThat(tune.state()).isEqualTo(TaskRecord.State.RUNNING);
        assertThat(tune.cancelRequested()).isFalse();

        robot.clickOn(cancelOf(robot, tune));
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> !tune.state().active());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(tune.cancelRequested()).isTrue();
        assertThat(view.tuner().runningProperty().get()).isFalse();
        // whatever the stop started (a kept checkpoint is a new step, measured and drawn) ends too; then none is left
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> viewModel.runner().activeCountProperty().get() == 0);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#showTasks").queryAs(Button.class).getText()).isEqualTo("Tasks");
    }

    private TaskRecord record(String description) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> viewModel.runner().tasks().stream()
                .filter(t -> t.description().equals(description)).reduce((a, b) -> b).orElseThrow()).get();
    }

    private static HBox rowOf(FxRobot robot, TaskRecord task) {
        return robot.lookup("." + TaskListView.ROW).queryAllAs(HBox.class).stream()
                .filter(row -> row.getUserData() == task).findFirst().orElseThrow();
    }

    private static String detailOf(FxRobot robot, TaskRecord task) {
        return ((Label) rowOf(robot, task).lookup("." + TaskListView.ROW_DETAIL)).getText();
    }

    private static Node cancelOf(FxRobot robot, TaskRecord task) {
        return rowOf(robot, task).lookup("." + TaskListView.ROW_CANCEL);
    }
}
