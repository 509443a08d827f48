package dev.shears.eval.tune;

import dev.shears.eval.EvaluationResult;
import java.util.List;
import org.deeplearning4j.nn.api.Model;

/**
 * What fine-tuning produced.
 *
 * @param network         a new network holding the best checkpoint by validation accuracy; the start
 *                        counts as a checkpoint, so the result is never worse on validation than the input
 * @param baseline        the input on the validation split, before any training
 * @param best            the returned network on the validation split
 * @param bestEpoch       epoch of the best checkpoint (0: the input itself); a mid-epoch checkpoint
 *                        (validateEveryBatches) counts for the epoch it was taken in
 * @param epochsCompleted finished epochs (fewer than planned when cancelled)
 * @param cancelled       true when the run was stopped early; {@code network} is then the best so far
 * @param history         one record per finished epoch
 */
public record FineTuneResult(Model network, EvaluationResult baseline, EvaluationResult best, int bestEpoch,
                             int epochsCompleted, int epochsPlanned, boolean cancelled, List<EpochRecord> history,
                             FineTuneSettings settings, double seconds) {
    public FineTuneResult {
        history = List.copyOf(history);
    }
}
