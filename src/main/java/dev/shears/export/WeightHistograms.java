package dev.shears.export;

import dev.shears.analysis.FloatValues;
import dev.shears.analysis.Histogram;
import dev.shears.io.ModelBackend;
import dev.shears.model.LayerNode;
import dev.shears.model.ParamTensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Histograms of every weight tensor (W, depthwise, pointwise) of the source and of the exported model. */
final class WeightHistograms {
    static final int BINS = 40;

    private WeightHistograms() {
    }

    /**
     * Tensors of the source, in network order; those the exported model lacks are left out. Read where
     * the values lie (a DL4J network's own buffer): no copy of a tensor, however big.
     */
    static List<LayerHistogram> of(ModelBackend source, ModelBackend exported) {
        List<LayerHistogram> out = new ArrayList<>();
        for (LayerNode node : source.graph().nodes()) {
            for (ParamTensor tensor : node.params()) {
                Optional<ParamTensor> after = exported.graph().node(node.name()).flatMap(n -> n.params().stream()
                        .filter(p -> p.key().equals(tensor.key())).findFirst());
                if (tensor.isWeight() && after.isPresent()) {
                    out.add(histogram(node.name(), tensor.key(), source.paramView(node.name(), tensor.key()),
                            exported.paramView(node.name(), tensor.key())));
                }
            }
        }
        return out;
    }

    static LayerHistogram histogram(String layer, String tensor, float[] before, float[] after) {
        return histogram(layer, tensor, FloatValues.of(before), FloatValues.of(after));
    }

    /** Exact zeros are counted, not binned (a pruned tensor's zeros would flatten every other bar). */
    static LayerHistogram histogram(String layer, String tensor, FloatValues before, FloatValues after) {
        double extent = Math.max(before.maxMagnitude(), after.maxMagnitude());
        if (extent == 0) {
            extent = 1;
        }
        long[] countsBefore = new long[BINS];
        long[] countsAfter = new long[BINS];
        long zerosBefore = binNonZero(before, countsBefore, -extent, extent);
        long zerosAfter = binNonZero(after, countsAfter, -extent, extent);
        return new LayerHistogram(layer, tensor, before.size(), zerosBefore, after.size(), zerosAfter,
                new Histogram(-extent, extent, countsBefore), new Histogram(-extent, extent, countsAfter));
    }

    /** Bins every value that is not 0 into {@code counts}; returns how many were 0. */
    private static long binNonZero(FloatValues values, long[] counts, double low, double high) {
        long[] zeros = {0};
        values.forEachChunk((chunk, offset, length) -> {
            for (int i = offset; i < offset + length; i++) {
                float v = chunk[i];
                if (v == 0) {
                    zeros[0]++;
                } else {
                    counts[Histogram.binOf(v, counts.length, low, high)]++;
                }
            }
        });
        return zeros[0];
    }
}
