package dev.shears.task;

/** Receives progress of long work; toolkit-free so the CLI and the UI share it. */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = (fraction, message) -> { };

    /**
     * @param fraction done so far in [0, 1], or a negative value when unknown
     * @param message what is happening now, short, for a status line
     */
    void progress(double fraction, String message);
}
