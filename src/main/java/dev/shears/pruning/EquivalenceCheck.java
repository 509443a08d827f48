package dev.shears.pruning;

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
}
