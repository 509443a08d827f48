package dev.shears.ui.history;

import dev.shears.analysis.Formats;
import dev.shears.model.NetworkGraph;
import dev.shears.ui.Styles;
import dev.shears.ui.shell.HistoryStep;
import dev.shears.ui.shell.MainViewModel;
import java.util.List;
import java.util.function.BiConsumer;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The undo/redo history: every step with its metrics; clicking a step makes it the current model
 * (later steps stay until something new is applied from an earlier one). Ctrl+click (Shift+click) selects a
 * second step without going to it, and Compare these steps (button, context menu, Ctrl+Shift+D) opens the
 * comparison window on the two.
 */
public final class HistoryView extends VBox {
    public static final String CURRENT_STEP = "current-step";
    static final String COMPARE_SHORTCUT = "Shortcut+Shift+D";
    private final ListView<HistoryStep> list = new ListView<>();
    private boolean selecting;

    /** @param compareSteps opens the comparison of two steps (their indices) */
    public HistoryView(MainViewModel main, BiConsumer<Integer, Integer> compareSteps) {
        list.setId("historyList");
        list.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
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
                setTooltip(new Tooltip("Click to return to this step; Ctrl+click a second step to compare the two"));
                if (getIndex() == main.currentStepProperty().get()) {
                    getStyleClass().add(CURRENT_STEP);
                }
            }
        });
        // only a single selection moves the history: a second step Ctrl+clicked is picked for comparing
        list.getSelectionModel().getSelectedIndices().addListener((ListChangeListener<Integer>) c -> {
            List<Integer> chosen = list.getSelectionModel().getSelectedIndices();
            if (!selecting && chosen.size() == 1 && chosen.get(0) != main.currentStepProperty().get()) {
                main.goTo(chosen.get(0));
            }
        });
        BooleanBinding notTwo = Bindings.size(list.getSelectionModel().getSelectedIndices()).isNotEqualTo(2);
        Runnable compare = () -> {
            List<Integer> chosen = List.copyOf(list.getSelectionModel().getSelectedIndices());
            if (chosen.size() == 2) {
                compareSteps.accept(chosen.get(0), chosen.get(1));
            }
        };
        MenuItem compareItem = new MenuItem("_Compare These Steps");
        compareItem.setId("historyCompareItem");
        compareItem.setAccelerator(KeyCombination.keyCombination(COMPARE_SHORTCUT));
        compareItem.disableProperty().bind(notTwo);
        compareItem.setOnAction(e -> compare.run());
        list.setContextMenu(new ContextMenu(compareItem));
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
        Button compareButton = new Button("Compare these steps");
        compareButton.setId("compareSteps");
        compareButton.setTooltip(new Tooltip("Ctrl+click two steps, then compare them layer by layer, with B − A of"
                + " each layer's weights (Ctrl+Shift+D)"));
        compareButton.disableProperty().bind(notTwo);
        compareButton.setOnAction(e -> compare.run());
        Label title = new Label("History");
        title.getStyleClass().add(Styles.SECTION_TITLE);
        setSpacing(6);
        setPadding(new Insets(8));
        VBox.setVgrow(list, Priority.ALWAYS);
        getChildren().addAll(title, list, new HBox(6, undo, redo, compareButton));
    }

    private void showCurrent(int step) {
        selecting = true;
        try {
            list.getSelectionModel().clearAndSelect(step);
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
