package dev.shears.analysis.heatmap;

import dev.shears.analysis.MagnitudeIndex;

/**
 * |w| as an int that sorts like |w|: the float bits without the sign. Comparing these keys is
 * exact, branch-free and needs no float conversion in hot loops. NaN keys are above {@link #INFINITY}.
 */
final class MagnitudeKeys {
    static final int INFINITY = 0x7f800000;

    private MagnitudeKeys() {
    }

    static int of(float value) {
        return Float.floatToRawIntBits(value) & 0x7fffffff;
    }

    /**
     * The key K with {@code |w| < threshold ⇔ key(w) < K} for every non-NaN float w; the threshold
     * is compared in double precision, so it need not be a float.
     */
    static int exclusiveBound(double threshold) {
        return MagnitudeIndex.exclusiveBound(threshold);
    }

    /** 1 if key &lt; bound else 0, for keys and bounds in [0, 2^31). */
    static int below(int key, int bound) {
        return (key - bound) >>> 31;
    }

    /** 1 for a non-NaN key, 0 for NaN. */
    static int notNaN(int key) {
        return ((INFINITY - key) >>> 31) ^ 1;
    }
}
