package dev.shears.ui.export;

import java.io.File;
import java.nio.file.Path;
import java.util.Optional;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.stage.DirectoryChooser;
import javafx.stage.Window;

/** Asks where to export: a folder and a base name for the three files. */
public final class ExportDialog {
    public static final String DIALOG_ID = "exportDialog";

    /** The chosen folder and base name. */
    public record Target(Path folder, String baseName) {
    }

    private ExportDialog() {
    }

    public static Dialog<Target> create(Window owner, Path folder, String baseName) {
        Dialog<Target> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle("Export pruned model");
        dialog.setHeaderText("Writes NAME.zip (DL4J), NAME.recipe.json and NAME.report.html.\n"
                + "The zip is reloaded and checked before anything is written.");
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
        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(8);
        grid.setPadding(new Insets(10));
        grid.addRow(0, new Label("Folder"), folderField, browse);
        grid.addRow(1, new Label("Name"), nameField);
        GridPane.setHgrow(folderField, Priority.ALWAYS);
        dialog.getDialogPane().setContent(grid);
        ButtonType export = new ButtonType("Export", javafx.scene.control.ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(export, ButtonType.CANCEL);
        dialog.getDialogPane().lookupButton(export).disableProperty().bind(
                folderField.textProperty().isEmpty().or(nameField.textProperty().isEmpty()));
        dialog.setResultConverter(b -> b == export
                ? new Target(Path.of(folderField.getText().trim()), nameField.getText().trim()) : null);
        return dialog;
    }

    public static Optional<Target> ask(Window owner, Path folder, String baseName) {
        return create(owner, folder, baseName).showAndWait();
    }
}
