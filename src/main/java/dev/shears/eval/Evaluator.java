package dev.shears.eval;

import dev.shears.io.FashionMnist;
import dev.shears.task.Cancellation;
import java.util.Random;
import java.util.function.Consumer;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Runs a network over a split in batches (one batch of 10 000 blew up to 8.5 GB RSS here) and
 * computes top-1, top-5 and mean cross-entropy. The progressive form visits the examples in a fixed
 * shuffled order and reports an estimate after every batch, so that early estimates are unbiased
 * samples of the whole split rather than of its first images.
 */
public final class Evaluator {
    public static final int DEFAULT_BATCH = 500;
    /** Batch of the app's progressive accuracy preview: a first estimate after 250 images. */
    public static final int PREVIEW_BATCH = 250;
    private static final long ORDER_SEED = 20_171_028L;
    private static final double MIN_PROBABILITY = 1e-12;

    private Evaluator() {
    }

    public static EvaluationResult evaluate(Model network, FashionMnist data) {
        return evaluate(network, data, DEFAULT_BATCH, estimate -> { }, Cancellation.none()).toResult();
    }

    /**
     * Evaluates every example, calling {@code onEstimate} after each batch (on the calling thread),
     * and returns the final estimate. Throws {@link Cancellation.CancelledException} when cancelled.
     */
    public static AccuracyEstimate evaluate(Model network, FashionMnist data, int batchSize,
                                            Consumer<AccuracyEstimate> onEstimate, Cancellation cancellation) {
        int[] order = data.shuffledOrder(new Random(ORDER_SEED));
        long start = System.nanoTime();
        int correct = 0;
        int correctTop5 = 0;
        double lossSum = 0;
        AccuracyEstimate estimate = new AccuracyEstimate(0, data.size(), 0, 0, 0, 0);
        for (int from = 0; from < order.length; from += batchSize) {
            cancellation.throwIfCancelled();
            int to = Math.min(order.length, from + batchSize);
            int[] indices = java.util.Arrays.copyOfRange(order, from, to);
            INDArray probabilities = Networks.output(network, data.gather(indices).getFeatures());
            float[] p = probabilities.dup('c').data().asFloat();
            int classes = (int) probabilities.size(1);
            for (int i = 0; i < indices.length; i++) {
                int label = data.label(indices[i]);
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
            estimate = new AccuracyEstimate(to, data.size(), correct, correctTop5, lossSum,
                    (System.nanoTime() - start) / 1e9);
            onEstimate.accept(estimate);
        }
        return estimate;
    }
}
