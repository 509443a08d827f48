package dev.shears.ui;

import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.scene.Node;
import javafx.scene.control.Tab;

/**
 * A tab whose content is made the first time it is selected (or asked for with {@link #build}), not
 * with the window: a hidden tab's nodes still cost their CSS, skins and layout at start-up (decision
 * 0023). The content binds to its view models when made, so it shows their state at that moment —
 * e.g. a threshold moved before the tab was first opened.
 */
public final class LazyTab extends Tab {
    private final ReadOnlyBooleanWrapper built = new ReadOnlyBooleanWrapper(this, "built");
    private Supplier<? extends Node> content;

    public LazyTab(String text, Supplier<? extends Node> content) {
        super(text);
        this.content = content;
        selectedProperty().addListener((obs, was, selected) -> {
            if (selected) {
                build();
            }
        });
    }

    /** Makes the content now, once (already selected when added to a tab pane: at once). */
    public void build() {
        if (content == null) {
            return;
        }
        Supplier<? extends Node> make = content;
        content = null;
        setContent(make.get());
        built.set(true);
    }

    /** Whether the content has been made. */
    public ReadOnlyBooleanProperty builtProperty() {
        return built.getReadOnlyProperty();
    }
}
