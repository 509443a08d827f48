package dev.shears.ui.task;

import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The task list: running and waiting tasks, then the last few that ended, one row each — its
 * description, what it is doing now (or why it waits, or how it ended, in a sentence), its progress
 * and its own Cancel. Rows follow {@link TaskRunner#tasks()}; each binds to its record.
 */
public final class TaskListView extends VBox {
    public static final String ROW = "task-row";
    public static final String ROW_TITLE = "task-title";
    public static final String ROW_DETAIL = "task-detail";
    public static final String ROW_CANCEL = "task-cancel";

    private final VBox rows = new VBox(6);
    /** One row per record for as long as it is listed: its bindings are made once. */
    private final java.util.Map<TaskRecord, HBox> rowsByTask = new java.util.IdentityHashMap<>();

    public TaskListView(TaskRunner runner) {
        setId("taskList");
        getStyleClass().add("task-list");
        Label title = new Label("Tasks");
        title.getStyleClass().add("section-title");
        Label empty = new Label("No tasks yet: previews, Apply, export, fine-tuning and scans appear here.");
        empty.getStyleClass().add("muted");
        empty.visibleProperty().bind(Bindings.isEmpty(runner.tasks()));
        empty.managedProperty().bind(empty.visibleProperty());
        ScrollPane scroll = new ScrollPane(rows);
        scroll.setFitToWidth(true);
        scroll.setPrefViewportHeight(190);
        scroll.managedProperty().bind(empty.visibleProperty().not());
        scroll.visibleProperty().bind(empty.visibleProperty().not());
        getChildren().addAll(title, empty, scroll);
        setSpacing(4);
        setPadding(new Insets(6, 8, 6, 8));
        runner.tasks().addListener((ListChangeListener<TaskRecord>) c -> rebuild(runner));
        rebuild(runner);
    }

    private void rebuild(TaskRunner runner) {
        rowsByTask.keySet().retainAll(java.util.Set.copyOf(runner.tasks()));
        java.util.List<HBox> newestFirst = new java.util.ArrayList<>();
        for (TaskRecord task : runner.tasks()) {
            // newest first: what just started is what the user looks for
            newestFirst.add(0, rowsByTask.computeIfAbsent(task, TaskListView::row));
        }
        rows.getChildren().setAll(newestFirst);
    }

    /** What it does now, why it waits, or how it ended. */
    static String detail(TaskRecord task) {
        String message = task.messageProperty().get();
        return switch (task.state()) {
            case WAITING -> message.isBlank() ? "Waiting…" : message;
            // the first message is the description itself: no need to say it twice
            case RUNNING -> message.isBlank() || message.equals(task.description()) ? "Running…" : message;
            default -> task.outcomeProperty().get();
        };
    }

    private static HBox row(TaskRecord task) {
        Label title = new Label(task.description());
        title.getStyleClass().add(ROW_TITLE);
        Label detail = new Label();
        detail.getStyleClass().add(ROW_DETAIL);
        detail.setWrapText(true);
        detail.textProperty().bind(Bindings.createStringBinding(() -> detail(task),
                task.stateProperty(), task.messageProperty(), task.outcomeProperty()));
        VBox text = new VBox(1, title, detail);
        HBox.setHgrow(text, Priority.ALWAYS);
        text.setMaxWidth(Double.MAX_VALUE);

        ProgressBar progress = new ProgressBar();
        progress.setPrefWidth(120);
        progress.progressProperty().bind(task.progressProperty());
        progress.visibleProperty().bind(Bindings.createBooleanBinding(() -> task.state() == TaskRecord.State.RUNNING,
                task.stateProperty()));

        Button cancel = new Button("Cancel");
        cancel.getStyleClass().add(ROW_CANCEL);
        cancel.setTooltip(new Tooltip("Stop this task only"));
        cancel.setOnAction(e -> task.cancel());
        cancel.disableProperty().bind(Bindings.createBooleanBinding(() -> !task.state().active(), task.stateProperty()));
        cancel.visibleProperty().bind(Bindings.createBooleanBinding(() -> task.state().active(), task.stateProperty()));

        HBox row = new HBox(10, text, progress, cancel);
        row.setAlignment(Pos.CENTER_LEFT);
        row.getStyleClass().add(ROW);
        row.getStyleClass().add("task-" + task.state().name().toLowerCase(java.util.Locale.ROOT));
        task.stateProperty().addListener((obs, old, state) -> {
            row.getStyleClass().remove("task-" + old.name().toLowerCase(java.util.Locale.ROOT));
            row.getStyleClass().add("task-" + state.name().toLowerCase(java.util.Locale.ROOT));
        });
        row.setUserData(task);
        return row;
    }
}
