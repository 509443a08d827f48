package dev.shears.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.errors.Logs;
import dev.shears.io.SampleLocations;
import dev.shears.ui.ShearsApp;
import dev.shears.ui.task.TaskRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Help ▸ Show log: a failure's sentence in the window, its stack in the log the menu shows. */
@ExtendWith(ApplicationExtension.class)
class ShowLogFxTest {
    @TempDir
    static Path settings;

    private MainViewModel viewModel;

    @Start
    void start(Stage stage) {
        Logs.startFile(settings);
        viewModel = new MainViewModel(new TaskRunner(), new RecentFiles(settings));
        ShearsApp.showMainWindow(stage, viewModel);
    }

    @AfterAll
    static void stopLogging() {
        Logs.stopFile();
    }

    @Test
    void aFailedOpenIsASentenceAndHelpShowLogShowsItsStack(FxRobot robot, @TempDir Path temp) throws Exception {
        Path broken = temp.resolve("broken-model.zip");
        byte[] real = Files.readAllBytes(SampleLocations.sampleModel("lenet-5"));
        Files.write(broken, Arrays.copyOf(real, real.length / 3));
        robot.interact(() -> viewModel.open(broken));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS,
                () -> robot.lookup("#" + Dialogs.ERROR_DIALOG_ID).tryQuery().isPresent());
        DialogPane dialog = robot.lookup("#" + Dialogs.ERROR_DIALOG_ID).queryAs(DialogPane.class);
        String sentence = ((Label) dialog.getContent()).getText();
        assertThat(sentence).startsWith("Damaged or truncated zip").doesNotContain("Exception").doesNotContain("\tat ");
        robot.interact(() -> ((Stage) dialog.getScene().getWindow()).close());

        MenuBar menus = robot.lookup(".menu-bar").queryAs(MenuBar.class);
        Menu help = menus.getMenus().stream().filter(m -> m.getText().equals("_Help")).findFirst().orElseThrow();
        MenuItem showLog = help.getItems().stream().filter(i -> "menuShowLog".equals(i.getId())).findFirst()
                .orElseThrow(() -> new AssertionError("Help has no Show Log item"));
        assertThat(showLog.getText()).isEqualTo("Show _Log");
        robot.clickOn("Help").clickOn("Show Log");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                () -> robot.lookup("#" + LogWindow.WINDOW_ID).tryQuery().isPresent());

        Path file = settings.resolve("logs/shears.log").toAbsolutePath();
        assertThat(robot.lookup("#logPath").queryAs(TextField.class).getText()).isEqualTo(file.toString());
        String shown = robot.lookup("#logText").queryAs(TextArea.class).getText();
        // the whole file as it was when the window opened (the log only grows meanwhile)
        assertThat(Files.readString(file)).startsWith(shown);
        assertThat(shown).contains("ERROR [shears-worker] dev.shears.ui.task.TaskRunner - Failed while running the"
                + " task 'load-model' (Opening broken-model.zip…)\ndev.shears.io.ModelLoadException: broken-model.zip:"
                + " damaged or truncated zip").contains("\tat dev.shears.io.ModelLoader.");

        robot.clickOn("#logCopy");
        WaitForAsyncUtils.waitForFxEvents();
        String copied = WaitForAsyncUtils.asyncFx(() -> Clipboard.getSystemClipboard().getString()).get();
        assertThat(copied).isEqualTo(shown);
        assertThat(robot.lookup("#logStatus").queryAs(Label.class).getText())
                .isEqualTo("Copied " + shown.lines().count() + " lines.");

        // tests run headless: no file manager, and the window says where the folder is instead of hanging
        robot.clickOn("#logOpenFolder");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                () -> robot.lookup("#logStatus").queryAs(Label.class).getText().startsWith("Shears cannot"));
        assertThat(robot.lookup("#logStatus").queryAs(Label.class).getText())
                .isEqualTo("Shears cannot open a file manager here; the log is in " + file.getParent() + ".");

        Window logWindow = robot.lookup("#" + LogWindow.WINDOW_ID).query().getScene().getWindow();
        robot.interact(() -> ((Stage) logWindow).close());
    }
}
