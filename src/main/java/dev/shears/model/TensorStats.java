package dev.shears.model;

/**
 * Summary statistics of a tensor's values. {@code zeros} counts exact zeros; -1 (with NaN for the
 * others) when the values have not been read yet: a model's outline, drawn from its configuration
 * before its weights ({@link #notRead}).
 */
public record TensorStats(long count, double min, double max, double mean, double std, long zeros) {
    public static final TensorStats EMPTY = new TensorStats(0, 0, 0, 0, 0, 0);

    /** A tensor of {@code count} values whose values are not read yet. */
    public static TensorStats notRead(long count) {
        return new TensorStats(count, Double.NaN, Double.NaN, Double.NaN, Double.NaN, -1);
    }

    /** False for {@link #notRead}: the statistics are unknown, not zero. */
    public boolean isRead() {
        return zeros >= 0;
    }

    /** Fraction of exact zeros, in [0, 1]; NaN while the values are not read. */
    public double sparsity() {
        if (!isRead()) {
            return Double.NaN;
        }
        return count == 0 ? 0 : (double) zeros / count;
    }
}
