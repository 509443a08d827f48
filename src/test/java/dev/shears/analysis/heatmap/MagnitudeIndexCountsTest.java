package dev.shears.analysis.heatmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shears.analysis.MagnitudeIndex;
import dev.shears.task.Cancellation;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The shared magnitude index as the heatmap uses it: exact counts for every kind of weight and threshold. */
class MagnitudeIndexCountsTest {
    /** Gaussian weights plus the awkward ones: zeros of both signs, duplicates, NaN, infinities, subnormals. */
    private static float[] awkwardWeights() {
        float[] w = BruteForce.gaussian(200_000, 5);
        float[] specials = {0f, -0f, 0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
                Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, 1e-30f, -1e-30f, Float.MAX_VALUE, 0.5f, -0.5f};
        System.arraycopy(specials, 0, w, 0, specials.length);
        for (int i = 100; i < 2_000; i++) {
            w[i] = w[i % 50 + 50];
        }
        return w;
    }

    private static List<Double> thresholds(float[] w) {
        List<Double> t = new ArrayList<>(List.of(0.0, -0.0, -1.0, 1e-50, 1e-30, Float.MIN_VALUE * 1.0,
                0.1, 0.05, 0.5, 1.0, 1e30, Double.MAX_VALUE, Double.POSITIVE_INFINITY));
        SplittableRandom random = new SplittableRandom(9);
        for (int i = 0; i < 40; i++) {
            float present = Math.abs(w[random.nextInt(w.length)]);
            if (!Float.isNaN(present)) {
                t.add((double) present);
                t.add((double) Math.nextUp(present));
                t.add((double) Math.nextDown(present));
                t.add(present + 1e-12);
            }
        }
        return t;
    }

    @Test
    void countsEqualBruteForceForEveryKindOfThreshold() {
        float[] w = awkwardWeights();
        MagnitudeIndex counter = MagnitudeIndex.of(w, Cancellation.none());
        for (double t : thresholds(w)) {
            int pruned = counter.countBelow(t);
            assertThat(new PruneCounts(counter.numbers() - pruned, pruned)).as("threshold %s", t)
                    .isEqualTo(BruteForce.counts(w, t));
            assertThat(ExactThresholdScan.countAll(dev.shears.analysis.FloatValues.of(w), t, Cancellation.none())).as("scan, threshold %s", t)
                    .isEqualTo(BruteForce.counts(w, t));
        }
        assertThat(counter.numbers()).as("NaN is neither kept nor pruned").isEqualTo(w.length - 1);
    }

    @Test
    void keysCompareExactlyLikeMagnitudesInDoublePrecision() {
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 200_000; i++) {
            float w = Float.intBitsToFloat(random.nextInt());
            if (Float.isNaN(w)) {
                continue;
            }
            double t = random.nextBoolean()
                    ? Math.abs(Double.longBitsToDouble(random.nextLong()))
                    : Math.abs(w) * (1 + (random.nextDouble() - 0.5) * 1e-7);
            if (Double.isNaN(t)) {
                continue;
            }
            boolean below = MagnitudeKeys.below(MagnitudeKeys.of(w), MagnitudeKeys.exclusiveBound(t)) == 1;
            assertThat(below).as("|%s| < %s", w, t).isEqualTo(Math.abs((double) w) < t);
        }
    }

    @Test
    void aNaNThresholdIsRejected() {
        assertThatThrownBy(() -> MagnitudeKeys.exclusiveBound(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void buildingStopsWhenCancelled() {
        Cancellation cancellation = new Cancellation();
        cancellation.cancel();
        assertThatThrownBy(() -> MagnitudeIndex.of(new float[10], cancellation))
                .isInstanceOf(Cancellation.CancelledException.class);
    }
}
