package dev.shears.onnx;

import java.io.IOException;
import java.nio.file.Path;

/**
 * An ONNX file that Shears cannot read. The message is one sentence naming the file, e.g.
 * "model.onnx is not an ONNX file."; causes go to the log, never to the user.
 */
public final class OnnxFormatException extends IOException {
    private final Path file;

    public OnnxFormatException(Path file, String sentence) {
        super(sentence);
        this.file = file;
    }

    public OnnxFormatException(Path file, String sentence, Throwable cause) {
        super(sentence, cause);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
