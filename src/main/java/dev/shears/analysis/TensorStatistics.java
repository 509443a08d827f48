package dev.shears.analysis;

import dev.shears.model.TensorStats;

/** Computes {@link TensorStats} in one pass (Welford's update, stable for large tensors). */
public final class TensorStatistics {
    private TensorStatistics() {
    }

    public static TensorStats of(float[] values) {
        if (values.length == 0) {
            return TensorStats.EMPTY;
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double mean = 0;
        double m2 = 0;
        long zeros = 0;
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            if (v < min) {
                min = v;
            }
            if (v > max) {
                max = v;
            }
            if (v == 0) {
                zeros++;
            }
            double delta = v - mean;
            mean += delta / (i + 1);
            m2 += delta * (v - mean);
        }
        return new TensorStats(values.length, min, max, mean, Math.sqrt(m2 / values.length), zeros);
    }
}
