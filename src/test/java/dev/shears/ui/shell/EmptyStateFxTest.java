package dev.shears.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.io.SampleLocations;
import dev.shears.ui.ShearsApp;
import dev.shears.ui.task.TaskRunner;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The empty window says which model it is opening while it loads, and asks for one otherwise. */
@ExtendWith(ApplicationExtension.class)
class EmptyStateFxTest {
    @TempDir
    static Path settings;

    private MainViewModel viewModel;

    @Start
    void start(Stage stage) {
        viewModel = new MainViewModel(new TaskRunner(), new RecentFiles(settings));
        ShearsApp.showMainWindow(stage, viewModel);
    }

    @Test
    void whileAModelLoadsTheEmptyStateSaysItIsOpeningIt(FxRobot robot) throws Exception {
        Label empty = robot.lookup("#emptyState").queryAs(Label.class);
        assertThat(empty.getText()).startsWith("Open a model: File ▸ Open");

        // the load cannot finish before this UI event ends: the text is read while it is under way
        Label summary = robot.lookup("#statusModel").queryAs(Label.class);
        assertThat(summary.getText()).startsWith("No model open");
        String[] whileLoading = new String[2];
        robot.interact(() -> {
            viewModel.open(SampleLocations.sampleModel("lenet-5"));
            whileLoading[0] = empty.getText();
            whileLoading[1] = summary.getText();
        });
        assertThat(whileLoading[0]).isEqualTo("Opening lenet-5.zip…");
        // the status bar's task says what is opening; the summary no longer says no model is open
        assertThat(whileLoading[1]).isEmpty();

        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> viewModel.modelProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(viewModel.openingProperty().get()).isNull();
        assertThat(empty.isVisible()).isFalse();
    }

    @Test
    void aFailedOpenGoesBackToAskingForAModel(FxRobot robot, @TempDir Path temp) throws Exception {
        Path missing = temp.resolve("missing.zip");
        String[] whileLoading = new String[1];
        robot.interact(() -> {
            viewModel.open(missing);
            whileLoading[0] = robot.lookup("#emptyState").queryAs(Label.class).getText();
        });
        assertThat(whileLoading[0]).isEqualTo("Opening missing.zip…");

        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS,
                () -> robot.lookup("#" + Dialogs.ERROR_DIALOG_ID).tryQuery().isPresent());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(viewModel.openingProperty().get()).isNull();
        assertThat(robot.lookup("#emptyState").queryAs(Label.class).getText()).startsWith("Open a model: File ▸ Open");
        assertThat(robot.lookup("#statusModel").queryAs(Label.class).getText()).startsWith("No model open");
    }
}
