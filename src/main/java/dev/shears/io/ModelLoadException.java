package dev.shears.io;

import java.io.IOException;
import java.nio.file.Path;

/** A file that cannot be opened as a model; the message names the file and the reason. */
public final class ModelLoadException extends IOException {
    private final Path file;
    private final String reason;

    public ModelLoadException(Path file, String reason) {
        super(file.getFileName() + ": " + reason);
        this.file = file;
        this.reason = reason;
    }

    public ModelLoadException(Path file, String reason, Throwable cause) {
        super(file.getFileName() + ": " + reason, cause);
        this.file = file;
        this.reason = reason;
    }

    public Path file() {
        return file;
    }

    public String reason() {
        return reason;
    }
}
