package dev.shears.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The loss reads probabilities as they are and turns logits into probabilities first. */
class EvaluatorTest {
    @Test
    void aRowThatIsADistributionIsReadAsIs() {
        float[] p = {0.1f, 0.7f, 0.2f};
        assertThat(Evaluator.probability(p, 0, 3, 1)).isCloseTo(0.7, within(1e-7));
    }

    @Test
    void logitsGoThroughASoftmax() {
        float[] logits = {1f, 3f, 0f, 9f, 2f, -1f};
        double expected = Math.exp(3) / (Math.exp(1) + Math.exp(3) + Math.exp(0));
        assertThat(Evaluator.probability(logits, 0, 3, 1)).isCloseTo(expected, within(1e-9));
        assertThat(Evaluator.probability(logits, 3, 3, 0)).isCloseTo(Math.exp(9)
                / (Math.exp(9) + Math.exp(2) + Math.exp(-1)), within(1e-9));
    }

    @Test
    void theVisitingOrderIsAFixedPermutation() {
        int[] order = Evaluator.shuffledOrder(50);
        assertThat(order).containsExactlyInAnyOrder(java.util.stream.IntStream.range(0, 50).toArray());
        assertThat(order).containsExactly(Evaluator.shuffledOrder(50));
        assertThat(order).isNotEqualTo(java.util.stream.IntStream.range(0, 50).toArray());
    }
}
