package dev.shears;

import dev.shears.cli.ShearsCli;
import dev.shears.ui.ShearsApp;

/**
 * Entry point of the runnable jar: no arguments opens the window, anything else runs the CLI. A
 * plain class (not the Application subclass) so that JavaFX on the classpath starts from a jar.
 */
public final class Launcher {
    private Launcher() {
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            ShearsApp.main(args);
        } else {
            ShearsCli.main(args);
        }
    }
}
