package dev.shears.eval;

import dev.shears.io.FashionMnist;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Runs a network over a split in batches (one batch of 10 000 blew up to 8.5 GB RSS here) and
 * computes top-1, top-5 and mean cross-entropy.
 */
public final class Evaluator {
    public static final int DEFAULT_BATCH = 500;
    private static final double MIN_PROBABILITY = 1e-12;

    private Evaluator() {
    }

    public static EvaluationResult evaluate(Model network, FashionMnist data) {
        return evaluate(network, data, DEFAULT_BATCH);
    }

    public static EvaluationResult evaluate(Model network, FashionMnist data, int batchSize) {
        long start = System.nanoTime();
        int correct = 0;
        int correctTop5 = 0;
        double lossSum = 0;
        for (int from = 0; from < data.size(); from += batchSize) {
            int to = Math.min(data.size(), from + batchSize);
            DataSet batch = data.batch(from, to);
            INDArray probabilities = Networks.output(network, batch.getFeatures());
            float[] p = probabilities.dup().data().asFloat();
            int classes = (int) probabilities.size(1);
            for (int i = 0; i < to - from; i++) {
                int label = data.label(from + i);
                float pLabel = p[i * classes + label];
                int higher = 0;
                for (int c = 0; c < classes; c++) {
                    if (p[i * classes + c] > pLabel) {
                        higher++;
                    }
                }
                if (higher == 0) {
                    correct++;
                }
                if (higher < 5) {
                    correctTop5++;
                }
                lossSum -= Math.log(Math.max(MIN_PROBABILITY, pLabel));
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        int n = data.size();
        return new EvaluationResult(n, (double) correct / n, (double) correctTop5 / n, lossSum / n, n / seconds);
    }
}
