package dev.shears.onnx;

import ai.onnxruntime.OrtException;

/**
 * ONNX Runtime as the judge of surgery: the largest difference between two models' outputs on the
 * same inputs. A shrunk model is accepted only when it computes what its masked reference computes.
 */
public final class OnnxEquivalence {
    /** The largest |Δ| at which a shrunk model counts as computing what its masked reference computes. */
    public static final double TOLERANCE = 1e-4;

    private OnnxEquivalence() {
    }

    /** max |a − b| over every output value of every example (infinite when output sizes differ or a value is NaN). */
    public static double maxDifference(OnnxModel a, OnnxModel b, float[] inputs, int count) throws OrtException {
        float[][] left = OnnxInference.outputs(a, inputs, count);
        float[][] right = OnnxInference.outputs(b, inputs, count);
        double max = 0;
        for (int i = 0; i < count; i++) {
            if (left[i].length != right[i].length) {
                return Double.POSITIVE_INFINITY;
            }
            for (int j = 0; j < left[i].length; j++) {
                double difference = Math.abs((double) left[i][j] - right[i][j]);
                if (Double.isNaN(difference)) {
                    return Double.POSITIVE_INFINITY;
                }
                max = Math.max(max, difference);
            }
        }
        return max;
    }
}
