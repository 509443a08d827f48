package dev.shears.ui;

import dev.shears.engine.NativeLibraries;
import dev.shears.errors.Logs;
import dev.shears.errors.UserMessages;
import dev.shears.ui.shell.Dialogs;
import dev.shears.ui.shell.MainView;
import dev.shears.ui.shell.MainViewModel;
import dev.shears.ui.shell.RecentFiles;
import dev.shears.ui.shell.UserMessage;
import dev.shears.ui.task.TaskRunner;
import java.lang.management.ManagementFactory;
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
    private static final Logger LOG = LoggerFactory.getLogger(ShearsApp.class);

    public static void main(String[] args) {
        launch(ShearsApp.class, args);
    }

    @Override
    public void start(Stage stage) {
        TaskRunner runner = new TaskRunner();
        MainViewModel viewModel = new MainViewModel(runner, RecentFiles.inDefaultLocation());
        MainView view = showMainWindow(stage, viewModel);
        reportFirstFrame(view);
        installCrashDialog(stage);
        announceFirstStart(runner, viewModel);
        StartupArguments start = StartupArguments.parse(getParameters().getRaw());
        start.problem().ifPresent(p -> viewModel.reportError(new UserMessage("Cannot start with these arguments",
                Character.toUpperCase(p.charAt(0)) + p.substring(1) + ".")));
        if (start.model().isPresent()) {
            viewModel.open(start.model().get(), start.data());
        } else {
            viewModel.openInitial();
        }
    }

    /** Puts the main window for {@code viewModel} on {@code stage} and shows it (also used by UI tests). */
    public static MainView showMainWindow(Stage stage, MainViewModel viewModel) {
        MainView view = new MainView(viewModel);
        Rectangle2D screen = Screen.getPrimary().getVisualBounds();
        Scene scene = new Scene(view, Math.min(1500, screen.getWidth() * 0.95),
                Math.min(940, screen.getHeight() * 0.92));
        scene.getStylesheets().add(ShearsApp.class.getResource(Styles.STYLESHEET).toExternalForm());
        stage.setScene(scene);
        stage.titleProperty().bind(viewModel.titleProperty());
        stage.setMinWidth(720);
        stage.setMinHeight(480);
        stage.getIcons().setAll(AppIcons.all());
        stage.show();
        return view;
    }

    /**
     * With {@code -Dshears.reportStartup=true}, prints the time from JVM start to the first laid-out
     * frame and to the first model shown (measured start-up, see README), each with the CPU time the
     * process had used by then, which a busy machine disturbs less than the wall clock.
     */
    private static void reportFirstFrame(MainView view) {
        if (!Boolean.getBoolean("shears.reportStartup")) {
            return;
        }
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        Runnable[] once = new Runnable[1];
        once[0] = () -> {
            System.err.printf("startup: first frame %s%n", since(jvmStart));
            view.getScene().removePostLayoutPulseListener(once[0]);
        };
        view.getScene().addPostLayoutPulseListener(once[0]);
        view.layers().graphProperty().addListener((obs, old, graph) -> {
            if (old == null && graph != null) {
                System.err.printf("startup: first model shown %s%n", since(jvmStart));
            }
        });
    }

    private static String since(long jvmStart) {
        long cpu = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() / 1_000_000 : -1;
        return (System.currentTimeMillis() - jvmStart) + " ms after JVM start (CPU " + cpu + " ms)";
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
            Logs.failure(LOG, "working in the window", error);
            Platform.runLater(() -> Dialogs.showError(stage, new UserMessage("Something went wrong",
                    UserMessages.describe(error, "working in the window") + "\nYour open model is unchanged."),
                    () -> { }));
        });
        Thread.setDefaultUncaughtExceptionHandler((thread, error) ->
                LOG.error("Uncaught on thread {}", thread.getName(), error));
    }
}
