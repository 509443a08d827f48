package dev.shears;

import dev.shears.cli.ShearsCli;
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
            ShearsCli.main(args);
        }
    }
}
