package dev.shears.ui.export;

import dev.shears.export.ExportFormat;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.stage.DirectoryChooser;
import javafx.stage.Window;

/** Asks where to export: a folder and a base name for the three files, and the model's format. */
public final class ExportDialog {
    public static final String DIALOG_ID = "exportDialog";

    /** The chosen folder, base name and model format. */
    public record Target(Path folder, String baseName, ExportFormat format) {
    }

    /** A format the dialog offers, with what it is called there ("DL4J zip (.zip)"). */
    public record FormatChoice(ExportFormat format, String label) {
        @Override
        public String toString() {
            return label;
        }
    }

    private ExportDialog() {
    }

    /** @param formats the formats the model can be written in, the model's own first */
    public static Dialog<Target> create(Window owner, Path folder, String baseName, List<FormatChoice> formats) {
        Dialog<Target> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle("Export pruned model");
        dialog.setHeaderText("Writes the model, NAME.recipe.json and NAME.report.html.\n"
                + "The model file is reloaded and checked against the pruned model before anything is written.");
        dialog.getDialogPane().setId(DIALOG_ID);
        TextField folderField = new TextField(folder.toString());
        folderField.setId("exportFolder");
        folderField.setPrefColumnCount(32);
        Button browse = new Button("Browse…");
        browse.setOnAction(e -> {
            DirectoryChooser chooser = new DirectoryChooser();
            File initial = new File(folderField.getText());
            if (initial.isDirectory()) {
                chooser.setInitialDirectory(initial);
            }
            File chosen = chooser.showDialog(dialog.getDialogPane().getScene().getWindow());
            if (chosen != null) {
                folderField.setText(chosen.getPath());
            }
        });
        TextField nameField = new TextField(baseName);
        nameField.setId("exportName");
        nameField.setTooltip(new Tooltip("File name without extension"));
        ChoiceBox<FormatChoice> formatBox = new ChoiceBox<>(FXCollections.observableArrayList(formats));
        formatBox.setId("exportFormat");
        formatBox.getSelectionModel().selectFirst();
        formatBox.setTooltip(new Tooltip("ONNX: runs in ONNX Runtime and most deployment tools; a DL4J model is"
                + " converted and proven equal before the file counts as exported"));
        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(8);
        grid.setPadding(new Insets(10));
        grid.addRow(0, new Label("Folder"), folderField, browse);
        grid.addRow(1, new Label("Name"), nameField);
        grid.addRow(2, new Label("Format"), formatBox);
        GridPane.setHgrow(folderField, Priority.ALWAYS);
        dialog.getDialogPane().setContent(grid);
        ButtonType export = new ButtonType("Export", javafx.scene.control.ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(export, ButtonType.CANCEL);
        dialog.getDialogPane().lookupButton(export).disableProperty().bind(
                folderField.textProperty().isEmpty().or(nameField.textProperty().isEmpty()));
        dialog.setResultConverter(b -> b == export
                ? new Target(Path.of(folderField.getText().trim()), nameField.getText().trim(),
                formatBox.getValue().format()) : null);
        return dialog;
    }

    public static Optional<Target> ask(Window owner, Path folder, String baseName, List<FormatChoice> formats) {
        return create(owner, folder, baseName, formats).showAndWait();
    }
}
