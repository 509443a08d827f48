package dev.shears;

import dev.shears.cli.CommandNames;
import dev.shears.cli.ShearsCli;
import dev.shears.engine.NativeLibraries;
import dev.shears.errors.Logs;
import dev.shears.io.SettingsFolder;
import dev.shears.ui.ShearsApp;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.SubstituteLoggerFactory;

/**
 * Entry point of the runnable jar: no arguments, or a model file (optionally followed by
 * {@code --data PATH}), opens the window; a command runs the CLI. A plain class (not the
 * Application subclass) so that JavaFX on the classpath starts from a jar. Both log to
 * {@code <settings folder>/logs/shears.log} (see {@link Logs}).
 */
public final class Launcher {
    private Launcher() {
    }

    public static void main(String[] args) {
        StartupReport.mark("launcher");
        HeapTuning.apply();
        boolean window = args.length == 0 || !CommandNames.isCommand(args[0]);
        if (window) {
            // logback reads its configuration and opens the file (~0.7 s of CPU): beside JavaFX's own
            // start, on the other core. Loggers asked for meanwhile are SLF4J's stand-ins, replayed after.
            Thread log = new Thread(() -> {
                awaitLoggingSetUp();
                startLog("window");
                StartupReport.mark("log started");
            }, "log-start");
            log.setDaemon(true);
            log.start();
            ShearsApp.main(args);
        } else {
            startLog("command line: " + String.join(" ", args));
            if (!args[0].startsWith("-") && !args[0].equals("help")) {
                // the jar's first start unpacks ~400 MB before a command can load a model: say why it waits
                NativeLibraries.pendingUnpacking().ifPresent(u -> System.err.println(u.sentence()));
            }
            ShearsCli.main(args);
        }
    }

    /**
     * While another thread sets SLF4J up, it hands out stand-ins: wait for the real logback (a few
     * hundred ms at most), else the log file would not start.
     */
    private static void awaitLoggingSetUp() {
        for (int i = 0; i < 1000 && LoggerFactory.getILoggerFactory() instanceof SubstituteLoggerFactory; i++) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void startLog(String how) {
        if (Logs.startFile(SettingsFolder.path())) {
            LoggerFactory.getLogger(Launcher.class).info("Shears {} ({}), Java {}, {} {}", Version.current(), how,
                    System.getProperty("java.version"), System.getProperty("os.name"), System.getProperty("os.arch"));
        }
    }
}
