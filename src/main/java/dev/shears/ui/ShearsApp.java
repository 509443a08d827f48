package dev.shears.ui;

import dev.shears.ui.shell.Dialogs;
import dev.shears.ui.shell.MainView;
import dev.shears.ui.shell.MainViewModel;
import dev.shears.ui.shell.RecentFiles;
import dev.shears.ui.shell.UserMessage;
import dev.shears.ui.task.TaskRunner;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;

/** The desktop application: one main window over the open model. */
public final class ShearsApp extends Application {
    public static void main(String[] args) {
        launch(ShearsApp.class, args);
    }

    @Override
    public void start(Stage stage) {
        MainViewModel viewModel = new MainViewModel(new TaskRunner(), RecentFiles.inDefaultLocation());
        showMainWindow(stage, viewModel);
        installCrashDialog(stage);
        viewModel.openInitial();
    }

    /** Puts the main window for {@code viewModel} on {@code stage} and shows it (also used by UI tests). */
    public static MainView showMainWindow(Stage stage, MainViewModel viewModel) {
        MainView view = new MainView(viewModel);
        Scene scene = new Scene(view, 1280, 800);
        scene.getStylesheets().add(ShearsApp.class.getResource(Styles.STYLESHEET).toExternalForm());
        stage.setScene(scene);
        stage.titleProperty().bind(viewModel.titleProperty());
        stage.setMinWidth(720);
        stage.setMinHeight(480);
        stage.show();
        return view;
    }

    /** An unexpected exception on the UI thread becomes a dialog; details go to stderr for bug reports. */
    private static void installCrashDialog(Stage stage) {
        Thread.currentThread().setUncaughtExceptionHandler((thread, error) -> {
            error.printStackTrace();
            String detail = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
            Platform.runLater(() -> Dialogs.showError(stage, new UserMessage("Something went wrong",
                    "Shears hit an unexpected problem: " + detail + "\nYour open model is unchanged."), () -> { }));
        });
    }
}
