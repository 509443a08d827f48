package dev.shears.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shears.model.TensorShape;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StratifiedSplitTest {
    /** 7 of class 0, 4 of class 1, 3 of class 2. */
    private static final int[] LABELS = {0, 1, 0, 2, 0, 1, 0, 2, 0, 1, 0, 2, 0, 1};

    @Test
    void halvesAreDisjointCoverEverythingAndKeepEachClassWithinOne() throws Exception {
        StratifiedSplit.Halves halves = StratifiedSplit.halves(new ArraySource(LABELS, TensorShape.of(1), true));

        int[] first = indices(halves.validation());
        int[] second = indices(halves.test());
        Set<Integer> all = new HashSet<>();
        Arrays.stream(first).forEach(all::add);
        Arrays.stream(second).forEach(all::add);
        assertThat(all).hasSize(LABELS.length);
        assertThat(first.length + second.length).isEqualTo(LABELS.length);
        for (int c = 0; c < 3; c++) {
            int cls = c;
            long inFirst = Arrays.stream(halves.validation().labels()).filter(l -> l == cls).count();
            long inSecond = Arrays.stream(halves.test().labels()).filter(l -> l == cls).count();
            assertThat(Math.abs(inFirst - inSecond)).as("class %d", c).isLessThanOrEqualTo(1);
        }
        assertThat(Math.abs(first.length - second.length)).isLessThanOrEqualTo(1);
    }

    @Test
    void theSameSourceSplitsTheSameWayEveryTime() throws Exception {
        DataSource source = new ArraySource(LABELS, TensorShape.of(1), true);
        assertThat(indices(StratifiedSplit.halves(source).validation()))
                .containsExactly(indices(StratifiedSplit.halves(source).validation()));
        assertThat(StratifiedSplit.halves(source).test().fingerprint())
                .isEqualTo(StratifiedSplit.halves(source).test().fingerprint())
                .isNotEqualTo(StratifiedSplit.halves(source).validation().fingerprint());
    }

    @Test
    void unlabelledDataCannotBeSplitByClass() {
        assertThatThrownBy(() -> StratifiedSplit.halves(new ArraySource(LABELS, TensorShape.of(1), false)))
                .isInstanceOf(DataException.class).hasMessage("arrays has no labels: it cannot be split by class");
    }

    /** ArraySource fills example i with the value i: the first feature is the parent's index. */
    private static int[] indices(DataSource half) throws DataException {
        Examples all = half.read(0, half.size());
        int[] out = new int[all.count()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (int) all.features()[i];
        }
        return out;
    }
}
