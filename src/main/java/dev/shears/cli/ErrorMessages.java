package dev.shears.cli;

import dev.shears.io.ModelLoadException;
import dev.shears.pruning.PruningSpecException;

/** Turns an exception into the one line a CLI user sees. */
final class ErrorMessages {
    private ErrorMessages() {
    }

    static String describe(Throwable ex) {
        if (ex instanceof UserError || ex instanceof ModelLoadException || ex instanceof PruningSpecException
                || ex instanceof java.io.IOException) {
            return ex.getMessage();
        }
        if (ex instanceof ai.onnxruntime.OrtException) {
            return "ONNX Runtime could not run the model: " + ex.getMessage();
        }
        if (ex instanceof OutOfMemoryError) {
            return "out of memory (" + ex.getMessage() + "); raise -Xmx or -Dorg.bytedeco.javacpp.maxphysicalbytes";
        }
        String message = ex.getMessage();
        return ex.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
