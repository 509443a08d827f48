package dev.shears.ui;

import dev.shears.StartupReport;
import dev.shears.engine.NativeLibraries;
import dev.shears.errors.Logs;
import dev.shears.errors.UserMessages;
import dev.shears.ui.shell.Dialogs;
import dev.shears.ui.shell.MainView;
import dev.shears.ui.shell.MainViewModel;
import dev.shears.ui.shell.RecentFiles;
import dev.shears.ui.shell.UserMessage;
import dev.shears.ui.task.Lane;
import dev.shears.ui.task.TaskRunner;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.geometry.Rectangle2D;
import javafx.stage.Screen;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The desktop application: one main window over the open model. */
public final class ShearsApp extends Application {

    public static void main(String[] args) {
        launch(ShearsApp.class, args);
    }

    @Override
    public void start(Stage stage) {
        StartupReport.mark("JavaFX started");
        TaskRunner runner = new TaskRunner();
        MainViewModel viewModel = new MainViewModel(runner, RecentFiles.inDefaultLocation());
        // On two cores, work beside the first frame delays it: the model's load (ND4J's start with it) is
        // submitted now, so the first frame says "Opening …", and starts at that frame; the previews of the
        // model (baseline accuracy, channel groups) start once it is shown (decisions 0023, 0030)
        Runnable releaseWorker = runner.hold(Lane.INTERACTIVE);
        Runnable releasePreviews = runner.hold(Lane.PREVIEW);
        installCrashDialog(stage);
        announceFirstStart(runner, viewModel);
        StartupArguments start = StartupArguments.parse(getParameters().getRaw());
        // the model's outline is drawn before ND4J starts beside the JavaFX thread (decision 0030); ten
        // seconds at most, for a window that would never draw it (on a busy machine drawing it takes seconds)
        viewModel.readWeightsAfterOutlineShown(java.time.Duration.ofSeconds(10));
        if (start.model().isPresent()) {
            viewModel.open(start.model().get(), start.data());
        } else {
            viewModel.openInitial();
        }
        MainView view = showMainWindow(stage, viewModel);
        StartupReport.mark("window built");
        whenLaidOut(view.getScene(), () -> {
            StartupReport.mark("first frame");
            releaseWorker.run();
        });
        // the layer tree laid out with the model's layers: from its outline (decision 0030), or the model
        whenLaidOutOnce(view, () -> view.layers().graphProperty().get() != null, () -> {
            StartupReport.mark("first model shown");
            viewModel.outlineShown();
        }, view.layers().graphProperty());
        // the model itself (weights read, statistics in the tree): the previews need it
        whenLaidOutOnce(view, () -> viewModel.modelProperty().get() != null, () -> {
            StartupReport.mark("first model loaded");
            releasePreviews.run();
        }, viewModel.modelProperty());
        // after the window, which shows errors as they are reported
        start.problem().ifPresent(p -> viewModel.reportError(new UserMessage("Cannot start with these arguments",
                Character.toUpperCase(p.charAt(0)) + p.substring(1) + ".")));
    }

    /** Puts the main window for {@code viewModel} on {@code stage} and shows it (also used by UI tests). */
    public static MainView showMainWindow(Stage stage, MainViewModel viewModel) {
        // the remembered theme before anything is styled: the first frame is drawn in it, and JavaFX's own
        // default stylesheet (Modena) is never loaded
        Themes.apply(Themes.remembered(viewModel.settingsFolder()));
        MainView view = new MainView(viewModel);
        Rectangle2D screen = Screen.getPrimary().getVisualBounds();
        Scene scene = new Scene(view, Math.min(1500, screen.getWidth() * 0.95),
                Math.min(940, screen.getHeight() * 0.92));
        scene.getStylesheets().add(ShearsApp.class.getResource(Styles.STYLESHEET).toExternalForm());
        stage.setScene(scene);
        // a stage shown before keeps its old size on a new scene: the window opens at its own size
        stage.sizeToScene();
        stage.titleProperty().bind(viewModel.titleProperty());
        stage.setMinWidth(720);
        stage.setMinHeight(480);
        stage.getIcons().setAll(AppIcons.all());
        stage.show();
        return view;
    }

    /**
     * Runs {@code action} once, at the first pulse that lays the window out with its work area built and
     * {@code shown} true: "first model shown" when the layer tree has the model's layers (its outline or
     * the model), "first model loaded" when the model is open. Reported with
     * {@code -Dshears.reportStartup=true} (README, Measuring; {@link StartupReport}).
     */
    private static void whenLaidOutOnce(MainView view, java.util.function.BooleanSupplier shown, Runnable action,
                                        javafx.beans.Observable dependency) {
        // plain listeners, since a binding over both would be held only weakly by them
        boolean[] done = new boolean[1];
        javafx.beans.InvalidationListener check = o -> {
            if (!done[0] && view.workAreaBuiltProperty().get() && shown.getAsBoolean()) {
                done[0] = true;
                whenLaidOut(view.getScene(), action);
            }
        };
        view.workAreaBuiltProperty().addListener(check);
        dependency.addListener(check);
    }

    /** Runs {@code report} once, after the next pulse has laid out the scene. */
    private static void whenLaidOut(Scene scene, Runnable report) {
        Runnable[] once = new Runnable[1];
        once[0] = () -> {
            scene.removePostLayoutPulseListener(once[0]);
            report.run();
        };
        scene.addPostLayoutPulseListener(once[0]);
        Platform.requestNextPulse();
    }

    /**
     * Run from the jar for the first time, ND4J unpacks ~400 MB of native libraries before the first
     * model can open: say so in the status bar, with how much is done, instead of a long "Opening…".
     * Queued before the model's load task, on the same worker, so the load waits for it.
     */
    private static void announceFirstStart(TaskRunner runner, MainViewModel viewModel) {
        NativeLibraries.pendingUnpacking().ifPresent(unpacking -> runner.submit("native-libraries",
                unpacking.sentence(), (progress, cancellation) -> {
                    unpacking.run(progress);
                    return unpacking;
                }, done -> { }, error -> viewModel.reportError(new UserMessage("Cannot start the numeric libraries",
                        UserMessages.describe(error, "unpacking the native libraries")))));
    }

    /**
     * An unexpected exception on the UI thread becomes a dialog, its stack goes to the log (Help ▸ Show
     * log); one on any other thread is logged.
     */
    private static void installCrashDialog(Stage stage) {
        Thread.currentThread().setUncaughtExceptionHandler((thread, error) -> {
            Logs.failure(log(), "working in the window", error);
            Platform.runLater(() -> Dialogs.showError(stage, new UserMessage("Something went wrong",
                    UserMessages.describe(error, "working in the window") + "\nYour open model is unchanged."),
                    () -> { }));
        });
        Thread.setDefaultUncaughtExceptionHandler((thread, error) ->
                log().error("Uncaught on thread {}", thread.getName(), error));
    }

    /** Asked for when needed, not when the class loads: the launcher starts logging beside JavaFX. */
    private static Logger log() {
        return LoggerFactory.getLogger(ShearsApp.class);
    }
}
