package dev.shears.pruning.planning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.shears.pruning.Amount;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Two groups on different scales: a [1, 2, 3] (mean 2) and b [10, 30, 50, 70] (mean 40). */
class GlobalRankingTest {
    private static final double[] A = {1, 2, 3};
    private static final double[] B = {10, 30, 50, 70};

    @Test
    void scoresAreDividedByTheirGroupsMean() {
        assertThat(GlobalRanking.normalised(A)).containsExactly(new double[] {0.5, 1, 1.5}, within(1e-12));
        assertThat(GlobalRanking.normalised(B)).containsExactly(new double[] {0.25, 0.75, 1.25, 1.75}, within(1e-12));
        assertThat(GlobalRanking.normalised(new double[] {0, 0})).containsExactly(0, 0);
    }

    @Test
    void ratioRemovesTheGloballyLowestNormalisedChannels() {
        // 3 of 7: b0 (0.25), a0 (0.5), b1 (0.75) — raw scores would have taken all of a
        int[] removed = GlobalRanking.removedPerGroup(List.of(new GlobalRanking.Pooled(A, 1),
                new GlobalRanking.Pooled(B, 1)), Amount.ratio(3.0 / 7));

        assertThat(removed).containsExactly(1, 2);
    }

    @Test
    void groupsAtTheirMinKeepPassTheCutToTheNextLowestElsewhere() {
        // a keeps 2, so may lose 1: after b0, a0, b1 the next lowest a1 (1.0) is blocked and b2 (1.25) goes
        int[] removed = GlobalRanking.removedPerGroup(List.of(new GlobalRanking.Pooled(A, 2),
                new GlobalRanking.Pooled(B, 1)), Amount.ratio(4.0 / 7));

        assertThat(removed).containsExactly(1, 3);
    }

    @Test
    void thresholdRemovesNormalisedScoresBelowItButNeverPastAFloor() {
        int[] removed = GlobalRanking.removedPerGroup(List.of(new GlobalRanking.Pooled(A, 1),
                new GlobalRanking.Pooled(B, 3)), Amount.threshold(0.8));

        assertThat(removed).containsExactly(1, 1);
    }
}
