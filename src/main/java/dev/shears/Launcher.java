package dev.shears;

import dev.shears.cli.ShearsCli;
import dev.shears.engine.NativeLibraries;
import dev.shears.errors.Logs;
import dev.shears.io.SettingsFolder;
import dev.shears.ui.ShearsApp;
import org.slf4j.LoggerFactory;

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
        HeapTuning.apply();
        boolean window = args.length == 0 || !ShearsCli.isCommand(args[0]);
        if (Logs.startFile(SettingsFolder.path())) {
            LoggerFactory.getLogger(Launcher.class).info("Shears {} ({}), Java {}, {} {}", Version.current(),
                    window ? "window" : "command line: " + String.join(" ", args), System.getProperty("java.version"),
                    System.getProperty("os.name"), System.getProperty("os.arch"));
        }
        if (window) {
            ShearsApp.main(args);
        } else {
            if (!args[0].startsWith("-") && !args[0].equals("help")) {
                // the jar's first start unpacks ~400 MB before a command can load a model: say why it waits
                NativeLibraries.pendingUnpacking().ifPresent(u -> System.err.println(u.sentence()));
            }
            ShearsCli.main(args);
        }
    }
}
