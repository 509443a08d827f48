package dev.shears.cli;

import java.util.Set;

/**
 * The CLI's command names, known without building the CLI: picocli reads every command's annotations
 * (and {@link ShearsCli} starts the log), which the window's start-up does without.
 */
public final class CommandNames {
    /** Every subcommand of {@link ShearsCli}; {@code CommandNamesTest} keeps the two lists equal. */
    static final Set<String> ALL = Set.of("inspect", "eval", "prune", "sensitivity", "budget", "bench", "convert",
            "train-sample", "help");

    private CommandNames() {
    }

    /** Whether {@code word} names a command or an option of the CLI (anything else is a model to open). */
    public static boolean isCommand(String word) {
        return word.startsWith("-") || ALL.contains(word);
    }
}
