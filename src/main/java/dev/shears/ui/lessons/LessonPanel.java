package dev.shears.ui.lessons;

import dev.shears.ui.Styles;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The lesson panel at the window's right: where the student is, the idea with its source, the task,
 * whether it is done, and Back / Set up again / Next (Next waits for the task).
 */
final class LessonPanel extends VBox {
    private final Button next = new Button("_Next ▶");

    LessonPanel(LessonViewModel viewModel, ReadOnlyStringProperty note, Runnable close) {
        setId("lessonPanel");
        getStyleClass().add("lesson-panel");
        setSpacing(10);
        setPadding(new Insets(12));
        setPrefWidth(360);
        setMinWidth(260);

        Label where = new Label();
        where.setId("lessonWhere");
        where.getStyleClass().add(Styles.MUTED);
        where.textProperty().bind(Bindings.createStringBinding(() -> {
            LessonLibrary.Located s = viewModel.stepProperty().get();
            if (s == null) {
                return "Lessons";
            }
            String inLesson = s.lesson().steps().size() == 1 ? "" : " · step " + (s.index() + 1) + " of "
                    + s.lesson().steps().size();
            return "Step " + (viewModel.indexProperty().get() + 1) + " of " + viewModel.steps().size() + " · "
                    + s.lesson().title() + inLesson;
        }, viewModel.stepProperty(), viewModel.indexProperty()));
        where.setWrapText(true);
        Button closeButton = new Button("✕");
        closeButton.setId("lessonClose");
        closeButton.setTooltip(new Tooltip("Close the lessons (they resume at this step)"));
        closeButton.setOnAction(e -> close.run());
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox header = new HBox(6, where, grow, closeButton);
        header.setAlignment(Pos.TOP_LEFT);

        Label title = new Label();
        title.setId("lessonTitle");
        title.getStyleClass().addAll(Styles.SECTION_TITLE, "lesson-title");
        title.setWrapText(true);
        title.textProperty().bind(viewModel.stepProperty().map(s -> s.step().title()).orElse(""));

        Label text = new Label();
        text.setId("lessonText");
        text.getStyleClass().add("lesson-text");
        text.setWrapText(true);
        text.textProperty().bind(viewModel.stepProperty().map(s -> s.step().text()).orElse(""));

        Label source = new Label();
        source.setId("lessonSource");
        source.getStyleClass().addAll(Styles.MUTED, "lesson-source");
        source.setWrapText(true);
        source.textProperty().bind(viewModel.stepProperty().map(s -> "Source: " + s.step().source()).orElse(""));

        Label task = new Label();
        task.setId("lessonTask");
        task.getStyleClass().add("lesson-task");
        task.setWrapText(true);
        task.textProperty().bind(viewModel.stepProperty().map(s -> "Your turn: " + s.step().task()).orElse(""));

        Label status = new Label();
        status.setId("lessonStatus");
        status.setWrapText(true);
        status.textProperty().bind(Bindings.createStringBinding(() -> !viewModel.doneProperty().get()
                ? "Not done yet — Next waits for it."
                : viewModel.indexProperty().get() == viewModel.steps().size() - 1 ? "✔ Done — that was the last step."
                : "✔ Done — press Next.", viewModel.doneProperty(), viewModel.indexProperty()));
        viewModel.doneProperty().addListener((obs, old, d) -> status.pseudoClassStateChanged(
                javafx.css.PseudoClass.getPseudoClass("done"), d));
        status.getStyleClass().add("lesson-status");

        Label problems = new Label();
        problems.setId("lessonNote");
        problems.getStyleClass().add(Styles.PROBLEM);
        problems.setWrapText(true);
        problems.textProperty().bind(note);
        problems.visibleProperty().bind(note.isNotEmpty());
        problems.managedProperty().bind(problems.visibleProperty());

        VBox body = new VBox(10, title, text, source, task, status, problems);
        body.setFillWidth(true);
        ScrollPane scroll = new ScrollPane(body);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("lesson-scroll");
        VBox.setVgrow(scroll, Priority.ALWAYS);

        Button back = new Button("◀ _Back");
        back.setId("lessonBack");
        back.disableProperty().bind(viewModel.canGoBackProperty().not());
        back.setOnAction(e -> viewModel.back());
        Button again = new Button("↺ _Again");
        again.setId("lessonRestart");
        again.setTooltip(new Tooltip("Put the window back into this step's starting state"));
        again.setOnAction(e -> viewModel.restart());
        next.setId("lessonNext");
        next.disableProperty().bind(viewModel.canGoNextProperty().not());
        next.setTooltip(new Tooltip("The next step, once this step's task is done"));
        next.setOnAction(e -> viewModel.next());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        for (Button b : java.util.List.of(back, again, next)) {
            b.setMinWidth(Region.USE_PREF_SIZE);
        }
        HBox buttons = new HBox(8, back, again, spacer, next);
        buttons.setAlignment(Pos.CENTER_LEFT);

        getChildren().addAll(header, scroll, buttons);
    }

    void focusNext() {
        next.requestFocus();
    }
}
