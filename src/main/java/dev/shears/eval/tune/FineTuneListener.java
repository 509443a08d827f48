package dev.shears.eval.tune;

/** Receives fine-tuning progress on the training thread; a UI hands it over to its own thread. */
@FunctionalInterface
public interface FineTuneListener {
    FineTuneListener NONE = p -> { };

    void onProgress(FineTuneProgress progress);
}
