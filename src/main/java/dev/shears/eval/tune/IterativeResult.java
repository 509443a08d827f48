package dev.shears.eval.tune;

import dev.shears.eval.EvaluationResult;
import dev.shears.pruning.plan.TensorMask;
import dev.shears.pruning.reports.PruningReport;
import dev.shears.pruning.service.PruningResult;
import java.util.List;
import org.deeplearning4j.nn.api.Model;

/**
 * What an iterative (or one-shot) prune → fine-tune run produced.
 *
 * @param network    the last finished step's best checkpoint (when cancelled: the step being tuned)
 * @param report     all steps as one report, with its fine-tuning section
 * @param original   the unpruned model on the validation split
 * @param heldMasks  unstructured: every weight the steps zeroed (accumulated); structured: empty
 * @param cancelled  stopped early; {@code network} is the best valid result so far
 */
public record IterativeResult(Model network, PruningReport report, EvaluationResult original, List<Step> steps,
                              List<TensorMask> heldMasks, boolean cancelled) {
    public IterativeResult {
        steps = List.copyOf(steps);
        heldMasks = List.copyOf(heldMasks);
    }

    /**
     * One prune → fine-tune cycle.
     *
     * @param targetRatio   of the original weights (unstructured) or channels (structured) to be removed
     * @param achievedRatio what the plan removed of the original, after rounding and minimums
     */
    public record Step(int step, double targetRatio, double achievedRatio, PruningResult pruning,
                       FineTuneResult tuning) {
    }

    public int stepsCompleted() {
        return steps.size();
    }

    /** The returned network's validation result. */
    public EvaluationResult finalValidation() {
        return steps.get(steps.size() - 1).tuning().best();
    }
}
