package dev.shears.ui.weights;

import dev.shears.analysis.Histogram;
import dev.shears.analysis.MagnitudeIndex;
import dev.shears.model.LayerNode;
import dev.shears.model.ParamTensor;

/**
 * The weight tensor of one layer, ready to draw: values in row-major order, the exact magnitude
 * index for threshold counts, and a symmetric histogram.
 */
public record LayerWeights(LayerNode node, ParamTensor tensor, float[] values, MagnitudeIndex magnitudes,
                           Histogram histogram) {
    public static final int HISTOGRAM_BINS = 120;

    public static LayerWeights of(LayerNode node, ParamTensor tensor, float[] values) {
        return new LayerWeights(node, tensor, values, MagnitudeIndex.of(values),
                Histogram.symmetric(values, HISTOGRAM_BINS));
    }
}
