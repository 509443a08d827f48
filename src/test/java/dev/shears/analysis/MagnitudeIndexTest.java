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
