package dev.shears.eval;

import dev.shears.data.DataException;
import dev.shears.data.DataSource;
import dev.shears.data.Examples;
import dev.shears.engine.InferenceEngine;
import dev.shears.engine.Outputs;
import dev.shears.io.ModelBackend;
import dev.shears.task.Cancellation;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import java.util.function.Consumer;
import org.deeplearning4j.nn.api.Model;

/**
 * Runs a network over labelled data in batches (one batch of 10 000 blew up to 8.5 GB RSS in DL4J)
 * and computes top-1, top-5 and mean cross-entropy. The progressive form visits the examples in a
 * fixed shuffled order and reports an estimate after every batch, so that early estimates are
 * unbiased samples of the whole source rather than of its first examples. Outputs that are not
 * probabilities (logits, as most ONNX exports give) go through a softmax for the loss.
 */
public final class Evaluator {
    public static final int DEFAULT_BATCH = 500;
    /** Batch of the app's progressive accuracy preview: a first estimate after 250 images. */
    public static final int PREVIEW_BATCH = 250;
    private static final long ORDER_SEED = 20_171_028L;
    private static final double MIN_PROBABILITY = 1e-12;
    /** Real examples a conversion to ONNX is checked on before it evaluates anything. */
    static final int CONVERSION_CHECK_EXAMPLES = 64;

    private Evaluator() {
    }

    public static EvaluationResult evaluate(Model network, DataSource data) throws DataException {
        return evaluate(network, data, DEFAULT_BATCH, estimate -> { }, Cancellation.none()).toResult();
    }

    /**
     * Evaluates a DL4J network on the engine {@link Engines} chooses (ONNX Runtime when it converts,
     * proven on this data's first examples; DL4J otherwise).
     */
    public static AccuracyEstimate evaluate(Model network, DataSource data, int batchSize,
                                            Consumer<AccuracyEstimate> onEstimate, Cancellation cancellation)
            throws DataException {
        int[] order = shuffledOrder(data.size());
        Examples check = data.read(Arrays.copyOf(order, Math.min(order.length, CONVERSION_CHECK_EXAMPLES)));
        InferenceEngine engine;
        try {
            engine = Engines.open(network, check);
        } catch (dev.shears.onnx.convert.ConversionException e) {
            throw new DataException("ONNX Runtime cannot evaluate this model (" + e.getMessage() + "); use the DL4J"
                    + " engine (--engine dl4j)", e);
        }
        try (engine) {
            return evaluate(engine, data, batchSize, onEstimate, cancellation);
        }
    }

    public static EvaluationResult evaluate(ModelBackend model, DataSource data) throws DataException {
        return evaluate(model, data, DEFAULT_BATCH, estimate -> { }, Cancellation.none()).toResult();
    }

    /**
     * Evaluates a model of any format on the fastest engine its backend offers (ONNX Runtime for
     * ONNX models and for DL4J networks that convert, proven on this data's first examples).
     */
    public static AccuracyEstimate evaluate(ModelBackend model, DataSource data, int batchSize,
                                            Consumer<AccuracyEstimate> onEstimate, Cancellation cancellation)
            throws DataException {
        int[] order = shuffledOrder(data.size());
        Examples check = data.read(Arrays.copyOf(order, Math.min(order.length, CONVERSION_CHECK_EXAMPLES)));
        InferenceEngine engine;
        try {
            engine = model.openEngine(check);
        } catch (IOException e) {
            throw new DataException("this model cannot be evaluated (" + e.getMessage() + ")", e);
        }
        try (engine) {
            return evaluate(engine, data, batchSize, onEstimate, cancellation);
        }
    }

    /**
     * Evaluates every example, calling {@code onEstimate} after each batch (on the calling thread),
     * and returns the final estimate. Throws {@link Cancellation.CancelledException} when cancelled.
     */
    public static AccuracyEstimate evaluate(InferenceEngine engine, DataSource data, int batchSize,
                                            Consumer<AccuracyEstimate> onEstimate, Cancellation cancellation)
            throws DataException {
        if (!data.labelled()) {
            throw new DataException(data.name() + " has no labels, so accuracy cannot be measured on it;"
                    + " agreement with the unpruned model can");
        }
        int[] order = shuffledOrder(data.size());
        long start = System.nanoTime();
        int correct = 0;
        int correctTop5 = 0;
        double lossSum = 0;
        AccuracyEstimate estimate = new AccuracyEstimate(0, data.size(), 0, 0, 0, 0);
        for (int from = 0; from < order.length; from += batchSize) {
            cancellation.throwIfCancelled();
            int to = Math.min(order.length, from + batchSize);
            Examples batch = data.read(Arrays.copyOfRange(order, from, to));
            Outputs outputs = engine.run(batch);
            float[] p = outputs.values();
            int classes = outputs.width();
            for (int i = 0; i < batch.count(); i++) {
                int label = batch.label(i);
                if (label < 0 || label >= classes) {
                    throw new DataException(data.name() + ": label " + label + " is out of range for a model with "
                            + classes + " outputs");
                }
                int offset = i * classes;
                float score = p[offset + label];
                int higher = 0;
                for (int c = 0; c < classes; c++) {
                    if (p[offset + c] > score) {
                        higher++;
                    }
                }
                if (higher == 0) {
                    correct++;
                }
                if (higher < 5) {
                    correctTop5++;
                }
                lossSum -= Math.log(Math.max(MIN_PROBABILITY, probability(p, offset, classes, label)));
            }
            estimate = new AccuracyEstimate(to, data.size(), correct, correctTop5, lossSum,
                    (System.nanoTime() - start) / 1e9, engine.displayName());
            onEstimate.accept(estimate);
        }
        return estimate;
    }

    /** The label's probability: the score itself when the row already is a distribution, else softmax. */
    static double probability(float[] p, int offset, int classes, int label) {
        double sum = 0;
        boolean distribution = true;
        float max = Float.NEGATIVE_INFINITY;
        for (int c = 0; c < classes; c++) {
            float v = p[offset + c];
            distribution &= v >= 0 && v <= 1;
            sum += v;
            max = Math.max(max, v);
        }
        if (distribution && Math.abs(sum - 1) < 1e-3) {
            return p[offset + label];
        }
        double exps = 0;
        for (int c = 0; c < classes; c++) {
            exps += Math.exp(p[offset + c] - max);
        }
        return Math.exp(p[offset + label] - max) / exps;
    }

    /** A fixed permutation of [0, size): the same examples come first in every evaluation. */
    static int[] shuffledOrder(int size) {
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        Random random = new Random(ORDER_SEED);
        for (int i = size - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
