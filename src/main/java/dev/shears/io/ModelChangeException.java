package dev.shears.io;

/**
 * A backend could not mask, shrink or convert a model; the message is a sentence for the user
 * (which layer or node, and why). Unchecked: it surfaces where a task reports its failure.
 */
public final class ModelChangeException extends RuntimeException {
    public ModelChangeException(String message, Throwable cause) {
        super(message, cause);
    }

    public ModelChangeException(String message) {
        super(message);
    }
}
