package dev.shears.model;

/** Summary statistics of a tensor's values. {@code zeros} counts exact zeros. */
public record TensorStats(long count, double min, double max, double mean, double std, long zeros) {
    public static final TensorStats EMPTY = new TensorStats(0, 0, 0, 0, 0, 0);

    /** Fraction of exact zeros, in [0, 1]. */
    public double sparsity() {
        return count == 0 ? 0 : (double) zeros / count;
    }
}
