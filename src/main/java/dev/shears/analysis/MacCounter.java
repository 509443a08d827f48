package dev.shears.analysis;

import dev.shears.model.LayerKind;
import dev.shears.model.ParamTensor;
import dev.shears.model.TensorShape;
import java.util.List;

/**
 * Multiply-accumulates per example, the unit pruning papers report ("FLOPs" there usually means
 * MACs). Counted: every weight multiplied once per output position — dense: nIn·nOut; conv,
 * depthwise and separable: |W|·outH·outW; BatchNorm: one per output element (inference folds it to
 * a scale). Not counted: biases, activations, pooling, element-wise adds, concatenation.
 */
public final class MacCounter {
    private MacCounter() {
    }

    public static long macs(LayerKind kind, TensorShape outputShape, List<ParamTensor> params) {
        return switch (kind) {
            case DENSE, OUTPUT -> weightCount(params);
            case CONVOLUTION, DEPTHWISE_CONVOLUTION, SEPARABLE_CONVOLUTION -> weightCount(params)
                    * spatialPositions(outputShape);
            case BATCH_NORMALIZATION -> outputShape.elements();
            default -> 0;
        };
    }

    private static long weightCount(List<ParamTensor> params) {
        long n = 0;
        for (ParamTensor p : params) {
            if (p.isWeight()) {
                n += p.count();
            }
        }
        return n;
    }

    /** H·W of a [C, H, W] activation; 0 when the shape is unknown (MACs then unknown, shown as 0). */
    private static long spatialPositions(TensorShape shape) {
        return shape.rank() == 3 ? shape.dim(1) * shape.dim(2) : 0;
    }
}
