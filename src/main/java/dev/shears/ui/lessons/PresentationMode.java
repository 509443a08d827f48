package dev.shears.ui.lessons;

import dev.shears.ui.LineWidths;
import dev.shears.ui.shell.MainView;
import java.util.Set;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.stage.Stage;

/**
 * View ▸ Presentation (F11): fonts about 1.55× larger, thicker lines and a high-contrast palette
 * ({@code .presentation} in shears.css, {@link LineWidths}), the window maximised, and — while a lesson
 * is open — only the parts of the window its current step needs.
 */
public final class PresentationMode {
    public static final String STYLE_CLASS = "presentation";
    /** Drawn lines in presentation mode, relative to normal. */
    public static final double LINE_SCALE = 2.0;

    private final MainView view;
    private final BooleanProperty active = new SimpleBooleanProperty(this, "active");
    private Set<String> stepParts = Set.of();
    private boolean wasMaximized;

    PresentationMode(MainView view) {
        this.view = view;
        active.addListener((obs, old, on) -> apply(on));
    }

    public BooleanProperty activeProperty() {
        return active;
    }

    /** The parts the lesson step shown needs; empty when no lesson is open (everything shows). */
    void showStepParts(Set<String> parts) {
        stepParts = Set.copyOf(parts);
        if (active.get()) {
            view.showParts(stepParts);
        }
    }

    private void apply(boolean on) {
        if (on) {
            if (!view.getStyleClass().contains(STYLE_CLASS)) {
                view.getStyleClass().add(STYLE_CLASS);
            }
        } else {
            view.getStyleClass().remove(STYLE_CLASS);
        }
        LineWidths.scaleProperty().set(on ? LINE_SCALE : 1);
        view.showParts(on ? stepParts : Set.of());
        if (view.getScene() != null && view.getScene().getWindow() instanceof Stage stage) {
            if (on) {
                wasMaximized = stage.isMaximized();
                stage.setMaximized(true);
            } else if (!wasMaximized) {
                stage.setMaximized(false);
            }
        }
    }
}
