package dev.shears.cli;

/** A problem with what the user asked for; printed as one line, without a stack trace. */
final class UserError extends RuntimeException {
    UserError(String message) {
        super(message);
    }
}
