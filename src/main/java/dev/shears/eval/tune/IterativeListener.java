package dev.shears.eval.tune;

/** Receives iterative pruning progress on the working thread. */
@FunctionalInterface
public interface IterativeListener {
    IterativeListener NONE = p -> { };

    void onProgress(IterativeProgress progress);
}
