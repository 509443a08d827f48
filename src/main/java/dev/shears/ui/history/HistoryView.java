package dev.shears.ui.history;

import dev.shears.analysis.Formats;
import dev.shears.model.NetworkGraph;
import dev.shears.ui.Styles;
import dev.shears.ui.shell.HistoryStep;
import dev.shears.ui.shell.MainViewModel;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The undo/redo history: every step with its metrics; clicking a step makes it the current model
 * (later steps stay until something new is applied from an earlier one).
 */
public final class HistoryView extends VBox {
    public static final String CURRENT_STEP = "current-step";
    private final ListView<HistoryStep> list = new ListView<>();
    private boolean selecting;

    public HistoryView(MainViewModel main) {
        list.setId("historyList");
        list.setItems(main.history());
        list.setPlaceholder(new Label("Open a model to start a history"));
        list.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(HistoryStep step, boolean empty) {
                super.updateItem(step, empty);
                getStyleClass().remove(CURRENT_STEP);
                if (empty || step == null) {
                    setText(null);
                    setTooltip(null);
                    return;
                }
                setText(describe(getIndex(), step));
                setTooltip(new Tooltip("Click to return to this step"));
                if (getIndex() == main.currentStepProperty().get()) {
                    getStyleClass().add(CURRENT_STEP);
                }
            }
        });
        list.getSelectionModel().selectedIndexProperty().addListener((obs, old, index) -> {
            if (!selecting && index.intValue() >= 0) {
                main.goTo(index.intValue());
            }
        });
        main.currentStepProperty().addListener((obs, old, step) -> showCurrent(step.intValue()));
        // made on the tab's first selection, possibly after steps were taken: start on the current one
        showCurrent(main.currentStepProperty().get());
        Button undo = new Button("Undo");
        undo.setId("undo");
        undo.setTooltip(new Tooltip("Back one step (Ctrl+Z)"));
        undo.disableProperty().bind(main.currentStepProperty().lessThanOrEqualTo(0));
        undo.setOnAction(e -> main.undo());
        Button redo = new Button("Redo");
        redo.setId("redo");
        redo.setTooltip(new Tooltip("Forward one step (Ctrl+Shift+Z)"));
        redo.disableProperty().bind(javafx.beans.binding.Bindings.createBooleanBinding(
                () -> main.currentStepProperty().get() >= main.history().size() - 1, main.currentStepProperty(),
                main.history()));
        redo.setOnAction(e -> main.redo());
        Label title = new Label("History");
        title.getStyleClass().add(Styles.SECTION_TITLE);
        setSpacing(6);
        setPadding(new Insets(8));
        VBox.setVgrow(list, Priority.ALWAYS);
        getChildren().addAll(title, list, new HBox(6, undo, redo));
    }

    private void showCurrent(int step) {
        selecting = true;
        try {
            list.getSelectionModel().select(step);
        } finally {
            selecting = false;
        }
        list.refresh();
    }

    static String describe(int index, HistoryStep step) {
        NetworkGraph g = step.graph();
        String accuracy = step.validation().map(v -> String.format(" · val %.2f %%", 100 * v.accuracy())).orElse("");
        return String.format("%d. %s%n    %s params · %s MACs%s", index, step.label(), Formats.count(g.totalParams()),
                Formats.count(g.totalMacs()), accuracy);
    }
}
