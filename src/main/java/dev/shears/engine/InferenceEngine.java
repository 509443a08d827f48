package dev.shears.engine;

import dev.shears.data.Examples;

/**
 * Runs one network forward on batches of examples: the one seam every evaluation goes through
 * (accuracy preview, Apply's figure, sensitivity scan, eval, bench). DL4J runs every model Shears
 * opens from DL4J or Keras; ONNX Runtime runs ONNX models and DL4J models that convert, much faster.
 * An engine holds native resources: close it when done. Not thread-safe: one caller at a time.
 */
public interface InferenceEngine extends AutoCloseable {
    /** Shown to the user: "ONNX Runtime" or "DL4J". */
    String displayName();

    /** The network's (first) output for each example, row-major [count, outputs…]. */
    Outputs run(Examples batch);

    @Override
    void close();
}
