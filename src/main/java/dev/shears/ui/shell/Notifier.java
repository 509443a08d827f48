package dev.shears.ui.shell;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.util.Duration;
import org.controlsfx.control.Notifications;

/**
 * Shows each {@link Notice} as a short ControlsFX notification at the main window's bottom right, in
 * the theme's colours (shears.css, {@code .notification-bar}); a failed one has its title in the theme's
 * danger colour. Off when {@code -Dshears.notifications=false} (the test runs set it, so that popups do
 * not cover the controls other tests click; the notifications' own test turns them on).
 */
public final class Notifier {
    /** How long a notification stays before it fades. */
    static final Duration SHOWN_FOR = Duration.seconds(7);
    /** More at once than this collapse into one "N notifications" (ControlsFX's threshold). */
    private static final int AT_ONCE = 3;
    public static final String FAILED_STYLE_CLASS = "notice-failed";

    private final Node owner;
    private final BooleanProperty enabled = new SimpleBooleanProperty(this, "enabled",
            Boolean.parseBoolean(System.getProperty("shears.notifications", "true")));

    /** Shows the notices added to {@code notices} from now on, over {@code owner}'s window. */
    Notifier(Node owner, ObservableList<Notice> notices) {
        this.owner = owner;
        notices.addListener((ListChangeListener<Notice>) change -> {
            while (change.next()) {
                if (change.wasAdded()) {
                    change.getAddedSubList().forEach(this::show);
                }
            }
        });
    }

    /** Whether notices are shown. */
    public BooleanProperty enabledProperty() {
        return enabled;
    }

    private void show(Notice notice) {
        if (!enabled.get() || owner.getScene() == null || owner.getScene().getWindow() == null
                || !owner.getScene().getWindow().isShowing()) {
            return;
        }
        Notifications n = Notifications.create()
                .title(notice.title())
                .text(notice.text())
                .owner(owner.getScene().getWindow())
                .position(Pos.BOTTOM_RIGHT)
                .hideAfter(SHOWN_FOR)
                .threshold(AT_ONCE, Notifications.create().title("Background work ended")
                        .owner(owner.getScene().getWindow()).position(Pos.BOTTOM_RIGHT).hideAfter(SHOWN_FOR));
        if (notice.failed()) {
            n.styleClass(FAILED_STYLE_CLASS);
        }
        n.show();
    }
}
