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
 * @param objective                  what the training optimised besides the labels, and where it started
 */
public record FineTuneSummary(String schedule, int epochsPerStep, double learningRate, int batchSize,
                              int trainImages, double originalValidationAccuracy, double finalValidationAccuracy,
                              boolean cancelled, List<Step> steps, Objective objective) {
    public FineTuneSummary {
        steps = List.copyOf(steps);
    }

    /** Plain fine-tuning on labels, from the pruned weights. */
    public FineTuneSummary(String schedule, int epochsPerStep, double learningRate, int batchSize, int trainImages,
                           double originalValidationAccuracy, double finalValidationAccuracy, boolean cancelled,
                           List<Step> steps) {
        this(schedule, epochsPerStep, learningRate, batchSize, trainImages, originalValidationAccuracy,
                finalValidationAccuracy, cancelled, steps, Objective.PLAIN);
    }

    /**
     * @param sparsityL1          λ of the penalty λ·Σ|γ| on BatchNorm scales (Network Slimming), 0 for none
     * @param distillTemperature  T of distillation from the unpruned model, 0 for none
     * @param distillAlpha        weight of the teacher's term (meaningful with a temperature)
     * @param reinit              trained from a fresh initialisation instead of the pruned weights
     */
    public record Objective(double sparsityL1, double distillTemperature, double distillAlpha, boolean reinit) {
        public static final Objective PLAIN = new Objective(0, 0, 0, false);
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
