package dev.shears.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class AccuracyEstimateTest {
    @Test
    void wilsonIntervalMatchesAKnownValueAndNarrowsWithMoreExamples() {
        // 90 of 100 correct: the 95 % Wilson interval is [0.8256, 0.9448] (textbook value).
        AccuracyEstimate small = new AccuracyEstimate(100, 5000, 90, 98, 30, 1);
        assertThat(small.lower95()).isCloseTo(0.8256, within(1e-4));
        assertThat(small.upper95()).isCloseTo(0.9448, within(1e-4));
        AccuracyEstimate large = new AccuracyEstimate(5000, 5000, 4500, 4900, 1500, 10);
        assertThat(large.accuracy()).isEqualTo(small.accuracy());
        assertThat(large.halfWidth95()).isLessThan(small.halfWidth95() / 5);
        assertThat(large.complete()).isTrue();
        assertThat(small.complete()).isFalse();
    }

    @Test
    void intervalStaysInsideZeroToOneAtTheExtremes() {
        AccuracyEstimate perfect = new AccuracyEstimate(20, 100, 20, 20, 0, 1);
        assertThat(perfect.upper95()).isEqualTo(1.0);
        assertThat(perfect.lower95()).isGreaterThan(0.8).isLessThan(1.0);
        AccuracyEstimate none = new AccuracyEstimate(0, 100, 0, 0, 0, 0);
        assertThat(none.lower95()).isZero();
        assertThat(none.upper95()).isEqualTo(1.0);
    }
}
