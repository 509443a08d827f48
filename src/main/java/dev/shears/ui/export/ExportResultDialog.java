package dev.shears.ui.export;

import dev.shears.analysis.Formats;
import dev.shears.export.ExportResult;
import java.nio.file.Path;
import javafx.scene.control.Alert;
import javafx.scene.control.Label;
import javafx.stage.Window;

/** Says what an export wrote, with the measured model file size and the reload check. */
public final class ExportResultDialog {
    public static final String DIALOG_ID = "exportResultDialog";

    private ExportResultDialog() {
    }

    public static Alert show(Window owner, ExportResult result) {
        Alert alert = new Alert(Alert.AlertType.INFORMATION);
        alert.initOwner(owner);
        alert.setTitle("Shears");
        alert.setHeaderText("Exported");
        alert.getDialogPane().setId(DIALOG_ID);
        Label text = new Label(describe(result));
        text.setId("exportSummary");
        text.setWrapText(true);
        alert.getDialogPane().setContent(text);
        alert.getDialogPane().setPrefWidth(560);
        alert.show();
        return alert;
    }

    static String describe(ExportResult r) {
        StringBuilder b = new StringBuilder();
        for (Path p : r.written()) {
            b.append(p.getFileName()).append('\n');
        }
        b.append("in ").append(r.written().isEmpty() ? "" : r.written().get(0).getParent()).append("\n\n");
        b.append("Model file: ").append(Formats.exact(r.modelBytes())).append(" bytes (measured)\n");
        r.reload().ifPresent(e -> b.append(String.format("Reloaded and checked on %s: max difference %.2g%n",
                r.reloadInputs(), e.maxAbsDifference())));
        r.metrics().ifPresent(m -> b.append(String.format("Test split (%s images): top-1 %.2f %% → %.2f %%",
                Formats.exact(m.after().examples()), 100 * m.before().accuracy(), 100 * m.after().accuracy())));
        return b.toString();
    }
}
