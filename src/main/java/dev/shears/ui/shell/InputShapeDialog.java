package dev.shears.ui.shell;

import dev.shears.io.LoadedModel;
import java.util.Optional;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/**
 * Asks for the input size of a model whose file does not record it: C,H,W with Shears' guess filled
 * in, checked against the layers as it is typed (the sentence under the field names the layer that
 * refuses it). OK reads the model with the answer; Cancel keeps the guess, marked as one.
 */
public final class InputShapeDialog {
    public static final String DIALOG_ID = "inputShapeDialog";
    public static final String FIELD_ID = "inputShapeField";
    public static final String PROBLEM_ID = "inputShapeProblem";

    private InputShapeDialog() {
    }

    /** Shows the dialog and waits; the model read with the answer, or empty to keep the guess. */
    public static Optional<LoadedModel> ask(Window owner, InputShapeRequest request) {
        Dialog<LoadedModel> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle("Input size of " + request.guessed().displayName());
        dialog.setHeaderText("What size of input does this model take?");
        dialog.getDialogPane().setId(DIALOG_ID);
        Label question = new Label(request.question());
        question.setWrapText(true);
        question.setPrefWidth(440);
        TextField field = new TextField(request.guess());
        field.setId(FIELD_ID);
        field.setPromptText("C,H,W e.g. 3,224,224");
        Label problem = new Label();
        problem.setId(PROBLEM_ID);
        problem.setWrapText(true);
        problem.setPrefWidth(440);
        Label cancelNote = new Label("Cancel keeps the guess " + request.guess() + "; shapes and MACs are then"
                + " marked ≈.");
        cancelNote.setWrapText(true);
        cancelNote.setPrefWidth(440);
        VBox content = new VBox(8, question, field, problem, cancelNote);
        content.setPadding(new Insets(8, 12, 8, 12));
        dialog.getDialogPane().setContent(content);
        dialog.getDialogPane().getButtonTypes().setAll(ButtonType.OK, ButtonType.CANCEL);
        Button ok = (Button) dialog.getDialogPane().lookupButton(ButtonType.OK);
        LoadedModel[] answered = new LoadedModel[1];
        Runnable check = () -> {
            try {
                answered[0] = request.answer(field.getText());
                problem.setText("");
                ok.setDisable(false);
            } catch (IllegalArgumentException e) {
                answered[0] = null;
                problem.setText(e.getMessage());
                ok.setDisable(true);
            }
        };
        field.textProperty().addListener((obs, old, text) -> check.run());
        check.run();
        dialog.setResultConverter(button -> button != null && button.getButtonData() == ButtonBar.ButtonData.OK_DONE
                ? answered[0] : null);
        dialog.setOnShown(e -> field.requestFocus());
        return dialog.showAndWait();
    }
}
