package dev.shears.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.ui.shell.MainView;
import dev.shears.ui.shell.MainViewModel;
import dev.shears.ui.shell.RecentFiles;
import dev.shears.ui.task.TaskRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.paint.Paint;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** View ▸ Theme in the real main window: the look changes at once and the choice outlives the window. */
@ExtendWith(ApplicationExtension.class)
class ThemeFxTest {
    @TempDir
    Path settings;

    private Stage first;
    private MainView view;

    @Start
    void start(Stage stage) {
        first = stage;
        view = ShearsApp.showMainWindow(stage, new MainViewModel(new TaskRunner(), new RecentFiles(settings)));
    }

    @AfterEach
    void backToLight(FxRobot robot) {
        robot.interact(() -> Themes.apply(Theme.LIGHT));
    }

    @Test
    void choosingDarkRestylesTheOpenWindowAndANewWindowOnTheSameSettingsStartsDark(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> view.workAreaBuiltProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(Application.getUserAgentStylesheet()).isEqualTo(Theme.LIGHT.userAgentStylesheet());
        assertThat(luminance(rootFill(view))).isGreaterThan(0.9);
        assertThat(luminance(buttonFill(view))).isGreaterThan(0.8);
        assertThat(themeItem(view, Theme.LIGHT).isSelected()).isTrue();

        // the Dark item's shortcut while Light is chosen, as a user would
        assertThat(themeItem(view, Theme.DARK).getAccelerator()).hasToString("F12");
        robot.press(KeyCode.F12).release(KeyCode.F12);
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(Application.getUserAgentStylesheet()).isEqualTo(Theme.DARK.userAgentStylesheet())
                .contains("primer-dark");
        assertThat(view.getStyleClass()).contains(Theme.DARK_STYLE_CLASS);
        assertThat(luminance(rootFill(view))).isLessThan(0.1);
        assertThat(luminance(buttonFill(view))).isLessThan(0.2);
        Label status = robot.lookup("#statusModel").queryAs(Label.class);
        assertThat(luminance(status.getTextFill())).isGreaterThan(0.6);
        assertThat(themeItem(view, Theme.DARK).isSelected()).isTrue();
        assertThat(themeItem(view, Theme.LIGHT).isSelected()).isFalse();
        assertThat(Files.readString(settings.resolve(Themes.FILE)).strip()).isEqualTo("dark");
        assertThat(themeItem(view, Theme.LIGHT).getAccelerator()).hasToString("F12");
        assertThat(themeItem(view, Theme.DARK).getAccelerator()).isNull();

        // a restart: the JVM's theme back to the default, the window gone, a new one on the same settings folder
        MainView[] again = new MainView[1];
        robot.interact(() -> {
            first.hide();
            Themes.apply(Theme.LIGHT);
            again[0] = ShearsApp.showMainWindow(new Stage(),
                    new MainViewModel(new TaskRunner(), new RecentFiles(settings)));
        });
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> again[0].workAreaBuiltProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(Application.getUserAgentStylesheet()).isEqualTo(Theme.DARK.userAgentStylesheet());
        assertThat(luminance(rootFill(again[0]))).isLessThan(0.1);
        assertThat(luminance(buttonFill(again[0]))).isLessThan(0.2);
        assertThat(themeItem(again[0], Theme.DARK).isSelected()).isTrue();
        robot.interact(() -> again[0].getScene().getWindow().hide());
    }

    @Test
    void anUnreadableOrUnknownRememberedThemeStartsLight() throws Exception {
        assertThat(Themes.remembered(settings)).isEqualTo(Theme.LIGHT);
        Files.writeString(settings.resolve(Themes.FILE), "solarized\n");
        assertThat(Themes.remembered(settings)).isEqualTo(Theme.LIGHT);
        Files.writeString(settings.resolve(Themes.FILE), " Dark \n");
        assertThat(Themes.remembered(settings)).isEqualTo(Theme.DARK);
    }

    private static Paint rootFill(Region root) {
        return root.getBackground().getFills().get(root.getBackground().getFills().size() - 1).getFill();
    }

    /** The body of the status bar's Tasks button: its last background fill. */
    private static Paint buttonFill(MainView view) {
        Button tasks = (Button) view.lookup("#showTasks");
        return rootFill(tasks);
    }

    private static RadioMenuItem themeItem(MainView view, Theme theme) {
        MenuBar bar = (MenuBar) view.getTop();
        Menu viewMenu = bar.getMenus().stream().filter(m -> m.getText().equals("_View")).findFirst().orElseThrow();
        Menu themes = (Menu) viewMenu.getItems().stream().filter(i -> "menuTheme".equals(i.getId())).findFirst()
                .orElseThrow();
        return (RadioMenuItem) themes.getItems().stream().filter(i -> ("menuTheme" + theme.label()).equals(i.getId()))
                .findFirst().orElseThrow();
    }

    private static double luminance(Paint paint) {
        Color c = (Color) paint;
        return 0.2126 * c.getRed() + 0.7152 * c.getGreen() + 0.0722 * c.getBlue();
    }
}
