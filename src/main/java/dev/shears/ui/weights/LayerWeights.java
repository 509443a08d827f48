package dev.shears.ui.weights;

import dev.shears.analysis.FloatValues;
import dev.shears.analysis.Histogram;
import dev.shears.analysis.MagnitudeIndex;
import dev.shears.analysis.SurfaceGrid;
import dev.shears.model.LayerNode;
import dev.shears.model.ParamTensor;
import dev.shears.task.Cancellation;
import java.util.Optional;

/**
 * The weight tensor of one layer, ready to draw: values in row-major order — read where they lie,
 * in the network's own buffer for a DL4J model, never copied whole — the exact magnitude index for
 * threshold counts, and a symmetric histogram.
 */
public record LayerWeights(LayerNode node, ParamTensor tensor, FloatValues values, MagnitudeIndex magnitudes,
                           Histogram histogram, SurfaceGrid surface, Optional<float[]> batchNormBeta,
                           Optional<Histogram> before) {
    public static final int HISTOGRAM_BINS = 120;

    /** A BatchNorm layer's γ, with its β beside it for the bar chart. */
    public static LayerWeights ofBatchNorm(LayerNode node, ParamTensor gamma, FloatValues gammaValues, float[] beta) {
        LayerWeights w = of(node, gamma, gammaValues);
        return new LayerWeights(node, gamma, gammaValues, w.magnitudes(), w.histogram(), w.surface(),
                Optional.of(beta), Optional.empty());
    }

    public static LayerWeights of(LayerNode node, ParamTensor tensor, FloatValues values) {
        return of(node, tensor, values, Cancellation.none());
    }

    /** @throws Cancellation.CancelledException when cancelled while the magnitude index is built */
    public static LayerWeights of(LayerNode node, ParamTensor tensor, FloatValues values, Cancellation cancellation) {
        // As a matrix: Dense W [nIn, nOut]; conv W [out, in·kH·kW]; a vector (BN γ) is 1 × n.
        int rows = tensor.shape().rank() >= 2 ? (int) tensor.shape().dim(0) : 1;
        int cols = values.size() / rows;
        return new LayerWeights(node, tensor, values, MagnitudeIndex.of(values, cancellation),
                Histogram.symmetric(values, HISTOGRAM_BINS),
                SurfaceGrid.maxAbs(values, rows, cols, Surface3DView.MAX_CELLS_PER_SIDE,
                        Surface3DView.MAX_CELLS_PER_SIDE), Optional.empty(), Optional.empty());
    }

    /**
     * With the same layer's values before pruning (in the opened model) as a second histogram on the
     * same bins, so the two can be overlaid.
     */
    public LayerWeights withBefore(FloatValues beforeValues) {
        double extent = Math.max(values.maxMagnitude(), beforeValues.maxMagnitude());
        double e = extent == 0 ? 1 : extent;
        return new LayerWeights(node, tensor, values, magnitudes, Histogram.of(values, HISTOGRAM_BINS, -e, e), surface,
                batchNormBeta, Optional.of(Histogram.of(beforeValues, HISTOGRAM_BINS, -e, e)));
    }
}
