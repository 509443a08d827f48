package dev.shears.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class MagnitudeIndexTest {
    private final float[] values = randomValues(10_007, 3);

    @Test
    void countBelowEqualsBruteForceIncludingValuesPresentInTheTensor() {
        MagnitudeIndex index = MagnitudeIndex.of(values);
        double[] thresholds = {0, 1e-6, 0.01, 0.5, Math.abs(values[17]), Math.abs(values[4242]), 10};
        for (double t : thresholds) {
            assertThat(index.countBelow(t)).as("t=%s", t).isEqualTo(bruteCount(values, t));
        }
    }

    @Test
    void thresholdForFractionPrunesThatShareOfWeights() {
        MagnitudeIndex index = MagnitudeIndex.of(values);
        for (double f : new double[] {0, 0.1, 0.3333, 0.5, 0.92, 1}) {
            double t = index.thresholdForFraction(f);
            assertThat(bruteCount(values, t)).as("fraction %s", f).isEqualTo((int) Math.round(f * values.length));
        }
    }

    @Test
    void everyPositionHoldsTheMagnitudeASortedFloatCopyHoldsThere() {
        float[] sorted = sortedMagnitudes(values);
        MagnitudeIndex index = MagnitudeIndex.of(values);
        for (int k = 0; k < sorted.length; k++) {
            assertThat(index.magnitudeAt(k)).as("position %d", k).isEqualTo(sorted[k]);
        }
        assertThat(index.maxMagnitude()).isEqualTo(sorted[sorted.length - 1]);
    }

    @Test
    void thresholdsForFractionsAreTheOnesTheSortedFloatCopyGave() {
        // what Shears computed before the 2-byte index: the magnitude at round(f·n) of a sorted float copy
        float[] sorted = sortedMagnitudes(values);
        MagnitudeIndex index = MagnitudeIndex.of(values);
        for (int i = 1; i < 1000; i++) {
            double f = i / 1000.0;
            assertThat(index.thresholdForFraction(f)).as("fraction %s", f)
                    .isEqualTo(sorted[(int) Math.round(f * sorted.length)]);
        }
        assertThat(index.thresholdForFraction(1)).isEqualTo(Math.nextUp(sorted[sorted.length - 1]));
    }

    private static float[] sortedMagnitudes(float[] v) {
        float[] abs = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            abs[i] = Math.abs(v[i]);
        }
        java.util.Arrays.sort(abs);
        return abs;
    }

    @Test
    void histogramCountsSumToTheNumberOfValuesAndAreSymmetricAroundZero() {
        Histogram h = Histogram.symmetric(values, 51);
        assertThat(h.bins()).isEqualTo(52);
        assertThat(h.total()).isEqualTo(values.length);
        assertThat(h.low()).isEqualTo(-h.high());
        int zeroEdge = h.bins() / 2;
        assertThat(h.low() + zeroEdge * h.binWidth()).isCloseTo(0, org.assertj.core.data.Offset.offset(1e-9));
        long negatives = 0;
        for (float v : values) {
            if (v < 0) {
                negatives++;
            }
        }
        long leftHalf = 0;
        for (int i = 0; i < zeroEdge; i++) {
            leftHalf += h.counts()[i];
        }
        assertThat(leftHalf).isEqualTo(negatives);
    }

    private static int bruteCount(float[] v, double t) {
        int n = 0;
        for (float x : v) {
            if (Math.abs(x) < t) {
                n++;
            }
        }
        return n;
    }

    private static float[] randomValues(int n, long seed) {
        Random r = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (r.nextGaussian() * 0.2);
        }
        return v;
    }
}
