package dev.shears.cli;

import dev.shears.errors.Logs;
import dev.shears.errors.UserMessages;

/** Turns an exception into the one line a CLI user sees (without "error: "); unknown ones point at the log file. */
final class ErrorMessages {
    private ErrorMessages() {
    }

    /** @param command the command that failed, e.g. "prune" */
    static String describe(Throwable ex, String command) {
        if (ex instanceof UserError) {
            return UserMessages.clean(ex.getMessage());
        }
        return UserMessages.describe(ex, "running '" + command + "'", Logs.file().toString());
    }
}
