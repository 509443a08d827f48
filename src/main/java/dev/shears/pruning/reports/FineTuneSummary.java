package dev.shears.pruning.reports;

import java.util.List;

/**
 * The fine-tuning part of a report, in plain values (the pruning package does not know the trainer).
 * One-shot pruning with fine-tuning is a schedule of one step.
 *
 * @param schedule                   "oneshot" or "agp"
 * @param learningRate               recovery rate of each step's first epoch
 * @param trainImages                training images per epoch
 * @param originalValidationAccuracy the unpruned model on the validation split
 * @param finalValidationAccuracy    the returned model on the validation split
 * @param cancelled                  stopped early; the report describes the best result so far
 */
public record FineTuneSummary(String schedule, int epochsPerStep, double learningRate, int batchSize,
                              int trainImages, double originalValidationAccuracy, double finalValidationAccuracy,
                              boolean cancelled, List<Step> steps) {
    public FineTuneSummary {
        steps = List.copyOf(steps);
    }

    /**
     * One prune → fine-tune cycle.
     *
     * @param targetRatio                 of the original weights (unstructured) or channels (structured) removed
     * @param prunedValidationAccuracy    right after pruning, before training
     * @param tunedValidationAccuracy     of the best checkpoint
     * @param bestEpoch                   0 when no epoch beat the freshly pruned network
     */
    public record Step(int step, double targetRatio, double achievedRatio, double prunedValidationAccuracy,
                       double tunedValidationAccuracy, int bestEpoch, List<Epoch> epochs) {
        public Step {
            epochs = List.copyOf(epochs);
        }
    }

    /** One fine-tuning epoch. */
    public record Epoch(int epoch, double learningRate, double trainLoss, double validationAccuracy,
                        double validationLoss, double seconds) {
    }
}
