package dev.shears.analysis;

import dev.shears.model.TensorStats;

/**
 * Computes {@link TensorStats} in one pass (Welford's update, stable for large tensors), from an
 * array or value by value ({@link Accumulator}), so a tensor never has to be copied to be described.
 */
public final class TensorStatistics {
    private TensorStatistics() {
    }

    public static TensorStats of(float[] values) {
        Accumulator accumulator = new Accumulator();
        for (float v : values) {
            accumulator.add(v);
        }
        return accumulator.result();
    }

    /** Statistics of values seen one at a time, in any order (the result does not depend on it beyond rounding). */
    public static final class Accumulator {
        private long count;
        private double min = Double.POSITIVE_INFINITY;
        private double max = Double.NEGATIVE_INFINITY;
        private double mean;
        private double m2;
        private long zeros;

        public void add(double v) {
            count++;
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
            mean += delta / count;
            m2 += delta * (v - mean);
        }

        public TensorStats result() {
            return count == 0 ? TensorStats.EMPTY : new TensorStats(count, min, max, mean, Math.sqrt(m2 / count), zeros);
        }
    }
}
