package dev.shears.export;

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

    /** Tensors of the source, in network order; those the exported model lacks are left out. */
    static List<LayerHistogram> of(ModelBackend source, ModelBackend exported) {
        List<LayerHistogram> out = new ArrayList<>();
        for (LayerNode node : source.graph().nodes()) {
            for (ParamTensor tensor : node.params()) {
                Optional<ParamTensor> after = exported.graph().node(node.name()).flatMap(n -> n.params().stream()
                        .filter(p -> p.key().equals(tensor.key())).findFirst());
                if (tensor.isWeight() && after.isPresent()) {
                    out.add(histogram(node.name(), tensor.key(), source.paramValues(node.name(), tensor.key()),
                            exported.paramValues(node.name(), tensor.key())));
                }
            }
        }
        return out;
    }

    static LayerHistogram histogram(String layer, String tensor, float[] before, float[] after) {
        float[] nonZeroBefore = nonZero(before);
        float[] nonZeroAfter = nonZero(after);
        double extent = Math.max(maxAbs(nonZeroBefore), maxAbs(nonZeroAfter));
        if (extent == 0) {
            extent = 1;
        }
        return new LayerHistogram(layer, tensor, before.length, before.length - nonZeroBefore.length, after.length,
                after.length - nonZeroAfter.length, Histogram.of(nonZeroBefore, BINS, -extent, extent),
                Histogram.of(nonZeroAfter, BINS, -extent, extent));
    }

    private static float[] nonZero(float[] values) {
        int n = 0;
        for (float v : values) {
            if (v != 0) {
                n++;
            }
        }
        float[] out = new float[n];
        int i = 0;
        for (float v : values) {
            if (v != 0) {
                out[i++] = v;
            }
        }
        return out;
    }

    private static double maxAbs(float[] values) {
        double m = 0;
        for (float v : values) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }
}
