package dev.shears.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.shears.model.TensorStats;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** One-pass statistics against a plain two-pass computation. */
class TensorStatisticsTest {
    private static final double RELATIVE = 1e-6;

    @Test
    void matchesBruteForceOnRandomValuesWithZeros() {
        float[] values = randomValues(10_001, 0f, 0.05f, new Random(1));
        for (int i = 0; i < values.length; i += 7) {
            values[i] = 0f;
        }
        values[3] = -0f; // negative zero is a zero too

        assertMatchesBruteForce(values);
        assertThat(TensorStatistics.of(values).zeros()).isEqualTo(1_429 + 1);
    }

    @Test
    void staysAccurateWhenTheMeanDwarfsTheSpread() {
        // E[x²] - E[x]² in doubles would be off by ~1e-4 relative here, far outside the tolerance
        float[] values = randomValues(10_001, 10_000f, 0.01f, new Random(2));

        assertMatchesBruteForce(values);
    }

    @Test
    void emptyTensorHasEmptyStats() {
        assertThat(TensorStatistics.of(new float[0])).isEqualTo(TensorStats.EMPTY);
        assertThat(TensorStats.EMPTY.sparsity()).isZero();
    }

    @Test
    void smallExactCase() {
        TensorStats s = TensorStatistics.of(new float[] {2, 4, 4, 4, 5, 5, 7, 9, 0, 0});

        assertThat(s.count()).isEqualTo(10);
        assertThat(s.min()).isEqualTo(0);
        assertThat(s.max()).isEqualTo(9);
        assertThat(s.mean()).isCloseTo(4.0, within(1e-12));
        // population std: squared deviations 4+0+0+0+1+1+9+25+16+16 = 72 over 10 values
        assertThat(s.std()).isCloseTo(Math.sqrt(7.2), within(1e-12));
        assertThat(s.zeros()).isEqualTo(2);
        assertThat(s.sparsity()).isEqualTo(0.2);
    }

    @Test
    void singleValueHasZeroSpreadAndIsItsOwnMinAndMax() {
        TensorStats s = TensorStatistics.of(new float[] {-3.5f});

        assertThat(s.min()).isEqualTo(-3.5);
        assertThat(s.max()).isEqualTo(-3.5);
        assertThat(s.mean()).isEqualTo(-3.5);
        assertThat(s.std()).isZero();
        assertThat(s.zeros()).isZero();
    }

    private static void assertMatchesBruteForce(float[] values) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        long zeros = 0;
        for (float v : values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
            sum += v;
            zeros += v == 0f ? 1 : 0;
        }
        double mean = sum / values.length;
        double squares = 0;
        for (float v : values) {
            squares += (v - mean) * (v - mean);
        }
        double std = Math.sqrt(squares / values.length);

        TensorStats s = TensorStatistics.of(values);

        assertThat(s.count()).isEqualTo(values.length);
        assertThat(s.min()).isEqualTo(min);
        assertThat(s.max()).isEqualTo(max);
        assertThat(s.mean()).isCloseTo(mean, within(Math.abs(mean) * RELATIVE));
        assertThat(s.std()).isCloseTo(std, within(std * RELATIVE));
        assertThat(s.zeros()).isEqualTo(zeros);
        assertThat(s.sparsity()).isEqualTo((double) zeros / values.length);
    }

    private static float[] randomValues(int n, float mean, float std, Random random) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = mean + std * (float) random.nextGaussian();
        }
        return values;
    }
}
