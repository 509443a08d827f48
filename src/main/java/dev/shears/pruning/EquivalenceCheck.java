package dev.shears.pruning;

import dev.shears.data.Examples;
import dev.shears.engine.InferenceEngine;
import dev.shears.io.ModelBackend;
import java.io.IOException;
import java.util.Arrays;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Proves a physically pruned network computes what the masked original computes: both run on the
 * same real inputs and the largest absolute output difference is reported (float rounding gives
 * ~1e-7; a wrong slice gives ~1e-2 and more). Outputs that are not finite (a deep random network
 * overflowing) prove nothing: the difference is then NaN, which passes no tolerance.
 */
public final class EquivalenceCheck {
    /** Inference in batches: one huge batch blew up to 8.5 GB here (docs/stack.md). */
    private static final int BATCH = 256;

    private EquivalenceCheck() {
    }

    /** @param features examples along the first axis, in the form both networks take (flat 784-vectors, images) */
    public static Equivalence compare(Model a, Model b, INDArray features) {
        long n = features.size(0);
        double max = 0;
        for (long from = 0; from < n; from += BATCH) {
            INDArrayIndex[] rows = new INDArrayIndex[features.rank()];
            Arrays.fill(rows, NDArrayIndex.all());
            rows[0] = NDArrayIndex.interval(from, Math.min(n, from + BATCH));
            INDArray batch = features.get(rows);
            INDArray diff = Transforms.abs(NetworkLayers.output(a, batch).sub(NetworkLayers.output(b, batch)), false);
            if (diff.isNaN().any() || diff.isInfinite().any()) {
                return new Equivalence(Math.toIntExact(n), Double.NaN);
            }
            max = Math.max(max, diff.maxNumber().doubleValue());
        }
        return new Equivalence(Math.toIntExact(n), max);
    }

    /**
     * The same proof for models of any format, each run by its format's own runtime (DL4J, ONNX
     * Runtime): so a DL4J network and the ONNX file it was written as can be compared too.
     */
    public static Equivalence compare(ModelBackend a, ModelBackend b, Examples inputs) throws IOException {
        double max = 0;
        try (InferenceEngine left = a.referenceEngine(); InferenceEngine right = b.referenceEngine()) {
            for (int from = 0; from < inputs.count(); from += BATCH) {
                Examples batch = slice(inputs, from, Math.min(inputs.count(), from + BATCH));
                float[] x = left.run(batch).values();
                float[] y = right.run(batch).values();
                if (x.length != y.length) {
                    return new Equivalence(inputs.count(), Double.NaN);
                }
                for (int i = 0; i < x.length; i++) {
                    double difference = Math.abs((double) x[i] - y[i]);
                    if (!Double.isFinite(difference)) {
                        return new Equivalence(inputs.count(), Double.NaN);
                    }
                    max = Math.max(max, difference);
                }
            }
        }
        return new Equivalence(inputs.count(), max);
    }

    private static Examples slice(Examples all, int from, int to) {
        if (from == 0 && to == all.count()) {
            return all;
        }
        int per = Math.toIntExact(all.exampleShape().elements());
        float[] features = Arrays.copyOfRange(all.features(), from * per, to * per);
        return Examples.unlabelled(features, to - from, all.exampleShape());
    }
}
