package dev.shears.eval.tune;

import dev.shears.eval.EvaluationResult;

/** Accuracy and mean cross-entropy on the validation split at one moment of fine-tuning. */
public record ValidationPoint(double accuracy, double loss) {
    public static ValidationPoint of(EvaluationResult result) {
        return new ValidationPoint(result.accuracy(), result.meanLoss());
    }
}
