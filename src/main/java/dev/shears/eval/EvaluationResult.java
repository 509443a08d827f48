package dev.shears.eval;

/** Classification metrics of one model on one split. */
public record EvaluationResult(int examples, double accuracy, double top5Accuracy, double meanLoss,
                               double examplesPerSecond) {
}
