package dev.shears.ui.shell;

import dev.shears.errors.Logs;
import dev.shears.errors.UserMessages;
import java.awt.Desktop;
import java.io.IOException;
import java.nio.file.Path;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Help ▸ Show log: the end of the log file (the details behind every "details are in the log"), with
 * Copy for a bug report and Open Folder for the file manager. Reads at most the last {@value #TAIL_BYTES}
 * bytes; Refresh reads again.
 */
public final class LogWindow {
    public static final String WINDOW_ID = "logWindow";
    static final int TAIL_BYTES = 256 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(LogWindow.class);

    private final Path file;
    private final Stage stage = new Stage();
    private final TextArea text = new TextArea();
    private final Label status = new Label();

    private LogWindow(Window owner, Path file) {
        this.file = file;
        stage.initOwner(owner);
        stage.setTitle("Shears log — " + file.getFileName());

        TextField path = new TextField(file.toString());
        path.setId("logPath");
        path.setEditable(false);
        HBox.setHgrow(path, Priority.ALWAYS);
        HBox top = new HBox(8, new Label("Log file:"), path);
        top.setAlignment(Pos.CENTER_LEFT);

        text.setId("logText");
        text.setEditable(false);
        text.setWrapText(false);
        text.setStyle("-fx-font-family: monospace;");

        Button refresh = new Button("_Refresh");
        refresh.setId("logRefresh");
        refresh.setOnAction(e -> load());
        Button copy = new Button("_Copy");
        copy.setId("logCopy");
        copy.setOnAction(e -> copy());
        Button folder = new Button("Open _Folder");
        folder.setId("logOpenFolder");
        folder.setOnAction(e -> openFolder());
        Button close = new Button("Close");
        close.setCancelButton(true);
        close.setOnAction(e -> stage.close());
        status.setId("logStatus");
        status.setWrapText(true);
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox buttons = new HBox(8, status, gap, refresh, copy, folder, close);
        buttons.setAlignment(Pos.CENTER_LEFT);

        BorderPane root = new BorderPane(text, top, null, buttons, null);
        BorderPane.setMargin(text, new Insets(8, 0, 8, 0));
        root.setPadding(new Insets(10));
        root.setId(WINDOW_ID);
        Scene scene = new Scene(root, 900, 560);
        scene.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                stage.close();
            }
        });
        stage.setScene(scene);
    }

    /** Opens the window on the log of {@code settingsFolder}, scrolled to its end. */
    public static LogWindow show(Window owner, Path settingsFolder) {
        LogWindow window = new LogWindow(owner, Logs.fileIn(settingsFolder));
        window.load();
        window.stage.show();
        return window;
    }

    private void load() {
        try {
            String tail = Logs.tail(file, TAIL_BYTES);
            text.setText(tail);
            text.positionCaret(tail.length());
            text.setScrollTop(Double.MAX_VALUE);
            status.setText(tail.isEmpty() ? "The log is empty: nothing has been logged yet." : "");
        } catch (IOException | RuntimeException e) {
            text.clear();
            status.setText(UserMessages.describe(e, "reading the log"));
        }
    }

    private void copy() {
        ClipboardContent content = new ClipboardContent();
        content.putString(text.getText());
        javafx.scene.input.Clipboard.getSystemClipboard().setContent(content);
        status.setText("Copied " + text.getText().lines().count() + " lines.");
    }

    /** The file manager opens off the FX thread: Desktop may take a while, and must never hang the window. */
    private void openFolder() {
        Path folder = file.getParent();
        Thread opener = new Thread(() -> {
            String outcome;
            try {
                if (Desktop.isDesktopSupported() && Desktop.getDesktop().isSupported(Desktop.Action.OPEN)) {
                    Desktop.getDesktop().open(folder.toFile());
                    outcome = "Opened " + folder + ".";
                } else {
                    outcome = "Shears cannot open a file manager here; the log is in " + folder + ".";
                }
            } catch (IOException | RuntimeException e) {
                // e.g. "Failed to show URI:file:…" where no file manager is installed
                Logs.failure(LOG, "opening the log folder " + folder, e);
                outcome = "No file manager opened the folder; the log is in " + folder + ".";
            }
            String shown = outcome;
            Platform.runLater(() -> status.setText(shown));
        }, "shears-open-log-folder");
        opener.setDaemon(true);
        opener.start();
    }
}
