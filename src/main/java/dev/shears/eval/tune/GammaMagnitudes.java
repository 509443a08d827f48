package dev.shears.eval.tune;

import java.util.Arrays;

/**
 * |γ| of every BatchNorm scale of a network at one moment, for the live histogram Network Slimming
 * training shows (the values polarise: most fall towards zero, the useful ones stay).
 */
public final class GammaMagnitudes {
    private final double[] values;

    GammaMagnitudes(double[] values) {
        this.values = values.clone();
    }

    /** The BatchNorm scales of a DL4J network; empty values when it has none. */
    public static GammaMagnitudes of(org.deeplearning4j.nn.api.Model network) {
        return BatchNormScales.magnitudes(BatchNormScales.of(network));
    }

    public double[] values() {
        return values.clone();
    }

    public int count() {
        return values.length;
    }

    /** Σ|γ|, the quantity Network Slimming's penalty drives down. */
    public double sum() {
        return Arrays.stream(values).sum();
    }

    public double max() {
        return Arrays.stream(values).max().orElse(0);
    }

    /** Values below {@code threshold}. */
    public int countBelow(double threshold) {
        return (int) Arrays.stream(values).filter(v -> v < threshold).count();
    }

    /**
     * Counts of |γ| in {@code bins} equal bins from 0 to {@code upper} (values at or above it fall in the last).
     */
    public int[] histogram(int bins, double upper) {
        if (bins < 1 || !(upper > 0)) {
            throw new IllegalArgumentException("a histogram needs at least one bin and a positive upper edge");
        }
        int[] counts = new int[bins];
        for (double v : values) {
            counts[Math.min(bins - 1, (int) (v / upper * bins))]++;
        }
        return counts;
    }
}
