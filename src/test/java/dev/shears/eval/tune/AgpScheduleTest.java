package dev.shears.eval.tune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class AgpScheduleTest {
    @Test
    void followsZhuAndGuptasCubicAndEndsExactlyAtTheFinalSparsity() {
        AgpSchedule schedule = new AgpSchedule(0.1, 0.92, 5);

        for (int t = 0; t <= 5; t++) {
            double expected = 0.92 + (0.1 - 0.92) * Math.pow(1 - t / 5.0, 3);
            assertThat(schedule.sparsityAt(t)).as("s_%d", t).isCloseTo(expected, within(1e-12));
        }
        assertThat(schedule.sparsityAt(0)).isCloseTo(0.1, within(1e-12));
        assertThat(schedule.sparsityAt(5)).isEqualTo(0.92);
    }

    @Test
    void prunesFastFirstAndSlowlyAtTheEnd() {
        List<Double> targets = AgpSchedule.of(0.92, 6).targets();

        assertThat(targets).hasSize(6).isSorted().last().isEqualTo(0.92);
        for (int t = 1; t < targets.size(); t++) {
            double previous = t == 1 ? 0 : targets.get(t - 2);
            double increment = targets.get(t - 1) - previous;
            double next = targets.get(t) - targets.get(t - 1);
            assertThat(next).as("increment after step %d", t).isLessThan(increment);
        }
        assertThat(targets.get(0)).isCloseTo(0.92 * (1 - Math.pow(5 / 6.0, 3)), within(1e-12));
    }

    @Test
    void oneStepIsOneShot() {
        AgpSchedule oneShot = AgpSchedule.oneShot(0.5);

        assertThat(oneShot.targets()).containsExactly(0.5);
        assertThat(oneShot.isOneShot()).isTrue();
    }

    @Test
    void scalesToAnotherFinalSparsityWithTheSameShape() {
        AgpSchedule schedule = AgpSchedule.of(0.9, 4);

        AgpSchedule layer = schedule.endingAt(0.45);

        assertThat(layer.sparsityAt(2)).isCloseTo(schedule.sparsityAt(2) / 2, within(1e-12));
        assertThat(layer.sparsityAt(4)).isEqualTo(0.45);
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> AgpSchedule.of(0.5, 0)).hasMessageContaining("at least one step");
        assertThatThrownBy(() -> new AgpSchedule(0.6, 0.5, 3)).hasMessageContaining("initial <= final");
        assertThatThrownBy(() -> AgpSchedule.of(1.5, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AgpSchedule.of(0.5, 3).sparsityAt(4)).hasMessageContaining("outside");
    }
}
