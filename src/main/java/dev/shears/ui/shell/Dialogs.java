package dev.shears.ui.shell;

import dev.shears.Version;
import javafx.scene.control.Alert;
import javafx.scene.control.Label;
import javafx.stage.Window;

/** The app's dialogs. Messages are plain language; stack traces never reach the user. */
public final class Dialogs {
    public static final String ERROR_DIALOG_ID = "errorDialog";
    public static final String ABOUT_DIALOG_ID = "aboutDialog";

    private Dialogs() {
    }

    /** Shows an error without blocking the caller; {@code onClose} runs when it is dismissed. */
    public static Alert showError(Window owner, UserMessage message, Runnable onClose) {
        Alert alert = new Alert(Alert.AlertType.ERROR);
        alert.initOwner(owner);
        alert.setTitle("Shears");
        alert.setHeaderText(message.title());
        Label content = new Label(message.text());
        content.setWrapText(true);
        content.setId("errorText");
        alert.getDialogPane().setContent(content);
        alert.getDialogPane().setId(ERROR_DIALOG_ID);
        alert.getDialogPane().setPrefWidth(520);
        alert.setOnHidden(e -> onClose.run());
        alert.show();
        return alert;
    }

    public static void showAbout(Window owner) {
        Alert alert = new Alert(Alert.AlertType.INFORMATION);
        alert.initOwner(owner);
        alert.setTitle("About Shears");
        alert.setHeaderText("Shears " + Version.current());
        alert.getDialogPane().setId(ABOUT_DIALOG_ID);
        Label content = new Label("See and prune trained neural networks.\n\n"
                + "Java " + System.getProperty("java.version") + " · JavaFX " + System.getProperty("javafx.version")
                + " · Deeplearning4j 1.0.0-M2.1\n"
                + "Sample data: Fashion-MNIST © 2017 Zalando SE, MIT licence.");
        content.setWrapText(true);
        alert.getDialogPane().setContent(content);
        alert.show();
    }
}
