package dev.shears.analysis.heatmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.shears.task.Cancellation;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BlockValuesTest {
    private static final WeightMatrix DENSE = new WeightMatrix(BruteForce.gaussian(1001 * 37, 1), 1001, 37);
    private static final ConvMosaic MOSAIC = new ConvMosaic(BruteForce.gaussian(6 * 3 * 5 * 5, 2), 6, 3, 5, 5);

    static Stream<Arguments> views() {
        return Stream.of(
                Arguments.of("dense, whole, rows zoomed out, columns zoomed in",
                        DENSE, Viewport.whole(DENSE, 50, 64)),
                Arguments.of("dense, whole, 64 × 50 pixels (uneven blocks)", DENSE, Viewport.whole(DENSE, 64, 50)),
                Arguments.of("dense, whole, huge blocks", DENSE, Viewport.whole(DENSE, 5, 7)),
                Arguments.of("dense, zoomed in on both axes", DENSE, new Viewport(3.5, 400.25, 9.5, 12.75, 61, 47)),
                Arguments.of("dense, fractional window hanging over the edges",
                        DENSE, new Viewport(-3.3, 500.7, 45.2, 600.9, 17, 23)),
                Arguments.of("mosaic, whole, zoomed out", MOSAIC, Viewport.whole(MOSAIC, 7, 9)),
                Arguments.of("mosaic, whole, one pixel per cell", MOSAIC, Viewport.whole(MOSAIC, 17, 35)),
                Arguments.of("mosaic, zoomed in", MOSAIC, new Viewport(4.2, 3.7, 8, 9, 40, 45)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("views")
    void everyPixelEqualsTheBruteForceAggregateOfItsBlock(String name, HeatmapSource source, Viewport viewport) {
        PixelBlocks blocks = PixelBlocks.of(source, viewport);
        for (Aggregation aggregation : Aggregation.values()) {
            for (ValueMode mode : ValueMode.values()) {
                BlockValues values = BlockValues.compute(source, blocks,
                        BlockValues.Statistic.of(aggregation, mode), Cancellation.none());
                int nonEmpty = 0;
                for (int py = 0; py < viewport.pixelHeight(); py++) {
                    for (int px = 0; px < viewport.pixelWidth(); px++) {
                        double expected = BruteForce.aggregate(source, blocks, py, px, aggregation, mode);
                        assertThat(blocks.isEmpty(py, px)).isEqualTo(Double.isNaN(expected));
                        if (Double.isNaN(expected)) {
                            continue;
                        }
                        nonEmpty++;
                        float actual = values.value(py * viewport.pixelWidth() + px);
                        String where = name + " " + aggregation + " " + mode + " pixel (" + px + ", " + py + ")";
                        if (aggregation == Aggregation.MAX_ABS) {
                            assertThat(actual).as(where).isEqualTo((float) expected);
                        } else {
                            assertThat((double) actual).as(where).isCloseTo(expected, within(1e-6));
                        }
                    }
                }
                assertThat(nonEmpty).as("the view shows something").isPositive();
            }
        }
    }

    @Test
    void theCasesIncludeUnevenAndClippedEdgeBlocks() {
        AxisBlocks rows = PixelBlocks.of(DENSE, Viewport.whole(DENSE, 64, 50)).rows();
        Set<Integer> heights = new HashSet<>();
        for (int s = 0; s < rows.segments(); s++) {
            heights.add(rows.end(s) - rows.start(s));
        }
        assertThat(heights).as("1001 rows over 50 pixels").containsExactlyInAnyOrder(20, 21);

        PixelBlocks hanging = PixelBlocks.of(DENSE, new Viewport(-3.3, 500.7, 45.2, 600.9, 17, 23));
        assertThat(hanging.isEmpty(0, 0)).as("left of column 0").isTrue();
        assertThat(hanging.isEmpty(0, 16)).as("right of the last column").isTrue();
        assertThat(hanging.isEmpty(22, 5)).as("below the last row").isTrue();
        assertThat(hanging.isEmpty(0, 5)).isFalse();
    }

    @Test
    void aNaNWeightMakesItsBlockNaN() {
        float[] w = BruteForce.gaussian(20 * 10, 3);
        w[5 * 10 + 4] = Float.NaN;
        WeightMatrix source = new WeightMatrix(w, 20, 10);
        PixelBlocks blocks = PixelBlocks.of(source, Viewport.whole(source, 2, 2));
        for (BlockValues.Statistic statistic : BlockValues.Statistic.values()) {
            BlockValues values = BlockValues.compute(source, blocks, statistic, Cancellation.none());
            assertThat(values.value(0)).isNaN();
            assertThat(values.value(1)).isNotNaN();
            assertThat(values.value(2)).isNotNaN();
            assertThat(values.value(3)).isNotNaN();
        }
    }
}
