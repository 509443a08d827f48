package dev.shears.export;

/** An export that cannot start as asked (it would overwrite the source model, a bad base name); nothing was written. */
public final class ExportException extends RuntimeException {
    public ExportException(String message) {
        super(message);
    }
}
