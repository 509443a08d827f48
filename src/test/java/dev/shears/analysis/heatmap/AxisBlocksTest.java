package dev.shears.analysis.heatmap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;

class AxisBlocksTest {
    private static final IntPredicate NO_GAPS = c -> false;

    @Test
    void zoomedOutEveryVisibleCellBelongsToExactlyOnePixel() {
        SplittableRandom random = new SplittableRandom(7);
        for (int trial = 0; trial < 500; trial++) {
            int cells = 1 + random.nextInt(3000);
            int pixels = 1 + random.nextInt(Math.max(1, cells));
            double extent = pixels * (1 + random.nextDouble() * 20);
            double origin = (random.nextDouble() - 0.3) * cells;
            AxisBlocks axis = AxisBlocks.of(origin, extent, pixels, cells, NO_GAPS);

            int[] owner = new int[cells];
            Arrays.fill(owner, -1);
            boolean claimedTwice = false;
            for (int k = 0; k < pixels; k++) {
                int[] range = BruteForce.range(axis, k);
                for (int c = range[0]; c < range[1]; c++) {
                    claimedTwice |= owner[c] != -1;
                    owner[c] = k;
                }
            }
            int[] expected = new int[cells];
            for (int c = 0; c < cells; c++) {
                double centre = c + 0.5;
                boolean inView = centre >= origin && centre < origin + extent;
                expected[c] = inView ? (int) Math.floor((centre - origin) / (extent / pixels)) : -1;
            }
            assertThat(claimedTwice).as("trial %d: a cell in two pixels", trial).isFalse();
            assertThat(owner).as("trial %d: pixel of each cell (-1: not visible)", trial).isEqualTo(expected);
        }
    }

    @Test
    void zoomedInEachPixelShowsTheCellUnderItsCentre() {
        AxisBlocks axis = AxisBlocks.of(2.25, 5, 40, 10, NO_GAPS);
        for (int k = 0; k < 40; k++) {
            int expected = (int) Math.floor(2.25 + (k + 0.5) * 5 / 40);
            assertThat(BruteForce.range(axis, k)).containsExactly(expected, expected + 1);
        }
        assertThat(axis.segments()).as("one segment per distinct cell").isEqualTo(6);
        assertThat(axis.firstCell()).isEqualTo(2);
        assertThat(axis.endCell()).isEqualTo(8);
    }

    @Test
    void pixelsBeyondTheSourceAreEmpty() {
        AxisBlocks axis = AxisBlocks.of(-10, 40, 20, 12, NO_GAPS);
        assertThat(BruteForce.range(axis, 0)).satisfies(r -> assertThat(r[1] - r[0]).isZero());
        assertThat(BruteForce.range(axis, 19)).satisfies(r -> assertThat(r[1] - r[0]).isZero());
        assertThat(axis.firstCell()).isZero();
        assertThat(axis.endCell()).isEqualTo(12);
    }

    @Test
    void gapCellsAreNotCounted() {
        AxisBlocks axis = AxisBlocks.of(0, 12, 3, 12, c -> c % 4 == 3);
        for (int s = 0; s < axis.segments(); s++) {
            assertThat(axis.nonGapCells(s)).isEqualTo(3);
        }
    }
}
