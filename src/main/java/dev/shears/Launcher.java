package dev.shears;

import dev.shears.cli.ShearsCli;
import dev.shears.engine.NativeLibraries;
import dev.shears.ui.ShearsApp;

/**
 * Entry point of the runnable jar: no arguments, or a model file (optionally followed by
 * {@code --data PATH}), opens the window; a command runs the CLI. A plain class (not the
 * Application subclass) so that JavaFX on the classpath starts from a jar.
 */
public final class Launcher {
    private Launcher() {
    }

    public static void main(String[] args) {
        if (args.length == 0 || !ShearsCli.isCommand(args[0])) {
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
