package dev.shears.eval;

import dev.shears.data.DataException;
import dev.shears.data.DataSource;
import dev.shears.data.Examples;
import dev.shears.engine.InferenceEngine;
import dev.shears.engine.Outputs;
import dev.shears.task.Cancellation;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Compares a candidate (pruned) model with its reference (unpruned) on the same inputs, batch by
 * batch in the evaluator's fixed shuffled order: needs no labels, so it works on any inputs — a
 * user's unlabelled images, or seeded random inputs (which say nothing about accuracy).
 */
public final class Agreement {
    private Agreement() {
    }

    public static AgreementEstimate measure(InferenceEngine reference, InferenceEngine candidate, DataSource data,
                                           int batchSize, Consumer<AgreementEstimate> onEstimate,
                                           Cancellation cancellation) throws DataException {
        int[] order = Evaluator.shuffledOrder(data.size());
        long start = System.nanoTime();
        int same = 0;
        double abs = 0;
        double squared = 0;
        long values = 0;
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        boolean classScores = false;
        AgreementEstimate estimate = new AgreementEstimate(0, data.size(), false, 0, 0, 0, 0, 0, 0);
        for (int from = 0; from < order.length; from += batchSize) {
            cancellation.throwIfCancelled();
            int to = Math.min(order.length, from + batchSize);
            Examples batch = data.read(Arrays.copyOfRange(order, from, to));
            Outputs expected = reference.run(batch);
            Outputs actual = candidate.run(batch);
            if (!expected.exampleShape().equals(actual.exampleShape())) {
                throw new IllegalStateException("the pruned model's output " + actual.exampleShape()
                        + " differs in shape from the original's " + expected.exampleShape());
            }
            int width = expected.width();
            classScores = expected.exampleShape().rank() == 1 && width > 1;
            float[] e = expected.values();
            float[] a = actual.values();
            for (int i = 0; i < batch.count(); i++) {
                int offset = i * width;
                if (classScores && argmax(e, offset, width) == argmax(a, offset, width)) {
                    same++;
                }
            }
            for (int k = 0; k < e.length; k++) {
                double d = (double) a[k] - e[k];
                abs += Math.abs(d);
                squared += d * d;
                min = Math.min(min, e[k]);
                max = Math.max(max, e[k]);
            }
            values += e.length;
            estimate = new AgreementEstimate(to, data.size(), classScores, same, abs, squared, values,
                    (double) max - min, (System.nanoTime() - start) / 1e9);
            onEstimate.accept(estimate);
        }
        return estimate;
    }

    private static int argmax(float[] v, int offset, int width) {
        int best = 0;
        for (int c = 1; c < width; c++) {
            if (v[offset + c] > v[offset + best]) {
                best = c;
            }
        }
        return best;
    }
}
