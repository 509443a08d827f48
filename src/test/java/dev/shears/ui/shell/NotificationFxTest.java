package dev.shears.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.ui.ShearsApp;
import dev.shears.ui.task.TaskRunner;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.stage.Popup;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Background work that ends tells the user in a notification over the real main window. */
@ExtendWith(ApplicationExtension.class)
class NotificationFxTest {
    @TempDir
    Path settings;

    private MainViewModel viewModel;
    private MainView view;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        viewModel = new MainViewModel(new TaskRunner(), new RecentFiles(settings));
        view = ShearsApp.showMainWindow(stage, viewModel);
        // test runs switch notifications off (-Dshears.notifications=false): this window shows them
        view.notifier().enabledProperty().set(true);
        viewModel.openSample("lenet-5");
    }

    @Test
    void aFinishedSensitivityScanShowsANotificationNamingItAtTheWindowsBottomRight(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> viewModel.modelProperty().get() != null
                && viewModel.dataProperty().get() != null);
        assertThat(notificationBars()).isEmpty();
        robot.interact(() -> {
            view.sensitivity().imagesProperty().set(100);
            view.sensitivity().scan();
        });
        WaitForAsyncUtils.waitFor(240, TimeUnit.SECONDS, () -> !notificationBars().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();

        Region bar = notificationBars().get(0);
        String title = ((Label) bar.lookup(".title")).getText();
        String text = bar.lookupAll(".label").stream().map(n -> ((Label) n).getText()).filter(t -> !t.equals(title))
                .reduce("", String::concat);
        assertThat(title).isEqualTo("Sensitivity scan finished");
        assertThat(text).startsWith("lenet-5: ").contains("channel groups measured on 100 validation examples")
                .contains("Sensitivity tab");
        assertThat(viewModel.notices()).last().extracting(Notice::title, Notice::failed)
                .containsExactly("Sensitivity scan finished", false);

        // over the main window, in its bottom-right quarter
        Window popup = bar.getScene().getWindow();
        assertThat(((Popup) popup).getOwnerWindow()).isSameAs(stage);
        Bounds onScreen = bar.localToScreen(bar.getLayoutBounds());
        assertThat(onScreen.getMaxX()).isLessThanOrEqualTo(stage.getX() + stage.getWidth())
                .isGreaterThan(stage.getX() + stage.getWidth() / 2);
        assertThat(onScreen.getMinY()).isGreaterThan(stage.getY() + stage.getHeight() / 2);
        // in the theme's colours (Primer Light's overlay), not ControlsFX's own grey gradient
        Region pane = (Region) bar.lookup(".pane");
        var fills = pane.getBackground().getFills();
        assertThat(fills.get(fills.size() - 1).getFill()).isEqualTo(Color.web("#ffffff"));
    }

    @Test
    void noticesAreNotShownWhileNotificationsAreOff(FxRobot robot) throws Exception {
        robot.interact(() -> {
            view.notifier().enabledProperty().set(false);
            viewModel.announce(Notice.finished("Export written", "lenet-5-pruned: 3 files written in /tmp."));
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(viewModel.notices()).extracting(Notice::title).containsExactly("Export written");
        assertThat(notificationBars()).isEmpty();

        robot.interact(() -> {
            view.notifier().enabledProperty().set(true);
            viewModel.announce(Notice.failed("Export failed", "The disk is full."));
        });
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !notificationBars().isEmpty());
        Region bar = notificationBars().get(0);
        assertThat(((Label) bar.lookup(".title")).getText()).isEqualTo("Export failed");
        assertThat(bar.getStyleClass()).contains(Notifier.FAILED_STYLE_CLASS);
    }

    /** The notification bars in the popups shown now. */
    private static List<Region> notificationBars() {
        return Window.getWindows().stream().filter(w -> w instanceof Popup && w.isShowing())
                .flatMap(w -> ((Popup) w).getContent().stream())
                .flatMap(n -> collect(n).stream())
                .toList();
    }

    private static Set<Region> collect(Node n) {
        return n.getStyleClass().contains("notification-bar") && n instanceof Region r ? Set.of(r) : Set.of();
    }
}
