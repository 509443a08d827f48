package dev.shears.eval.tune;

import java.util.Locale;
import java.util.Optional;

/**
 * Where an iterative run is: which prune → fine-tune step, and within it the fine-tuning point
 * (absent while the step prunes or evaluates).
 *
 * @param step        1-based step
 * @param targetRatio of the original weights or channels removed once this step is pruned
 * @param fraction    of the whole run done, in [0, 1]
 * @param message     what is happening now, short, for a status line
 */
public record IterativeProgress(int step, int steps, double targetRatio, double fraction, String message,
                                Optional<FineTuneProgress> tuning) {
    public String describe() {
        return String.format(Locale.ROOT, "step %d/%d (%.1f %% pruned): %s", step, steps, 100 * targetRatio,
                tuning.map(FineTuneProgress::describe).orElse(message));
    }
}
