package dev.shears.eval;

import dev.shears.data.DataException;
import dev.shears.data.Examples;

/**
 * Top-1, top-5 and summed cross-entropy over batches, computed per example exactly as
 * {@link Evaluator#evaluate(dev.shears.engine.InferenceEngine, dev.shears.data.DataSource, int,
 * java.util.function.Consumer, dev.shears.task.Cancellation)} does, for callers that run their own
 * batches (the masked scan runs one batch for many masks).
 */
final class SensitivityTally {
    private static final double MIN_PROBABILITY = 1e-12;
    private final String dataName;
    private int seen;
    private int correct;
    private int correctTop5;
    private double lossSum;

    SensitivityTally(String dataName) {
        this.dataName = dataName;
    }

    /**
     * {@code scores}: {@code rows} rows of class scores, the first {@code batch.count()} for the batch's
     * examples (a model with a fixed batch size runs a short last batch padded).
     */
    void add(Examples batch, float[] scores, int rows) throws DataException {
        int classes = scores.length / rows;
        for (int i = 0; i < batch.count(); i++) {
            int label = batch.label(i);
            if (label < 0 || label >= classes) {
                throw new DataException(dataName + ": label " + label + " is out of range for a model with "
                        + classes + " outputs");
            }
            int offset = i * classes;
            float score = scores[offset + label];
            int higher = 0;
            for (int c = 0; c < classes; c++) {
                if (scores[offset + c] > score) {
                    higher++;
                }
            }
            if (higher == 0) {
                correct++;
            }
            if (higher < 5) {
                correctTop5++;
            }
            lossSum -= Math.log(Math.max(MIN_PROBABILITY, Evaluator.probability(scores, offset, classes, label)));
        }
        seen += batch.count();
    }

    AccuracyEstimate estimate(int total, double seconds, String engine) {
        return new AccuracyEstimate(seen, total, correct, correctTop5, lossSum, seconds, engine);
    }
}
