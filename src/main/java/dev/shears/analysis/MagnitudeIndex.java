package dev.shears.analysis;

import java.util.Arrays;

/**
 * Exact answers to "how many weights have |w| below t" and "which t leaves a given fraction below",
 * from a sorted copy of |w| (4 bytes per weight; fine for layers up to tens of millions of weights).
 * Convention everywhere in Shears: a weight is pruned by magnitude threshold t when |w| &lt; t.
 */
public final class MagnitudeIndex {
    private final float[] sortedMagnitudes;

    private MagnitudeIndex(float[] sortedMagnitudes) {
        this.sortedMagnitudes = sortedMagnitudes;
    }

    public static MagnitudeIndex of(float[] values) {
        float[] abs = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            abs[i] = Math.abs(values[i]);
        }
        Arrays.sort(abs);
        return new MagnitudeIndex(abs);
    }

    public int size() {
        return sortedMagnitudes.length;
    }

    public float maxMagnitude() {
        return sortedMagnitudes.length == 0 ? 0 : sortedMagnitudes[sortedMagnitudes.length - 1];
    }

    /** Number of weights with |w| &lt; threshold. */
    public int countBelow(double threshold) {
        int lo = 0;
        int hi = sortedMagnitudes.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sortedMagnitudes[mid] < threshold) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /**
     * The threshold that prunes {@code round(fraction·n)} weights (fewer only when ties at the cut
     * make that exact count impossible): the magnitude of the first weight kept.
     */
    public double thresholdForFraction(double fraction) {
        if (fraction < 0 || fraction > 1) {
            throw new IllegalArgumentException("fraction must be in [0, 1]: " + fraction);
        }
        int k = (int) Math.round(fraction * sortedMagnitudes.length);
        if (k <= 0) {
            return 0;
        }
        if (k >= sortedMagnitudes.length) {
            return Math.nextUp(maxMagnitude());
        }
        return sortedMagnitudes[k];
    }
}
