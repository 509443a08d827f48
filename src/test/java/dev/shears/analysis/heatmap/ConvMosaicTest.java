package dev.shears.analysis.heatmap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.analysis.FloatValues;
import dev.shears.task.Cancellation;
import java.util.HashSet;
import java.util.OptionalDouble;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConvMosaicTest {
    private static final int OUT = 6;
    private static final int IN = 3;
    private static final int K = 5;
    private final float[] weights = BruteForce.gaussian(OUT * IN * K * K, 11);
    private final ConvMosaic mosaic = new ConvMosaic(weights, OUT, IN, K, K);
    /** The same filters in a grid of 3 columns: blocks of 3 tiles, 2 cells apart, a gap row under each row. */
    private final ConvMosaic grid = new ConvMosaic(FloatValues.of(weights), OUT, IN, K, K, 3);

    @Test
    void oneRowBandPerFilterAndOneTilePerInputChannelWithOneCellGaps() {
        assertThat(mosaic.rows()).isEqualTo(6 * 5 + 5);
        assertThat(mosaic.columns()).isEqualTo(3 * 5 + 2);
        for (int r = 0; r < mosaic.rows(); r++) {
            assertThat(mosaic.isGapRow(r)).as("row %d", r).isEqualTo(r % 6 == 5);
        }
        for (int c = 0; c < mosaic.columns(); c++) {
            assertThat(mosaic.isGapColumn(c)).as("column %d", c).isEqualTo(c % 6 == 5);
        }
        assertThat(mosaic.filterTopRow(4)).isEqualTo(24);
    }

    @Test
    void aGridOfFiltersHasWholeGapRowsAndColumnsAndFindsEachFiltersBlock() {
        assertThat(grid.rows()).isEqualTo(2 * 6);
        assertThat(grid.columns()).isEqualTo(3 * 17 + 2 * 2);
        for (int c = 0; c < grid.columns(); c++) {
            int within = c % 19;
            assertThat(grid.isGapColumn(c)).as("column %d", c).isEqualTo(within >= 17 || within % 6 == 5);
        }
        assertThat(grid.filterTopRow(4)).isEqualTo(6);
        assertThat(grid.filterLeftColumn(4)).isEqualTo(19);
        assertThat(grid.tileLeftColumn(2, 1)).isEqualTo(38 + 6);
        assertThat(grid.filterAt(7, 19 + 5)).as("the gap between two tiles of filter 4").contains(4);
        assertThat(grid.filterAt(7, 17)).as("the gap between blocks").isEmpty();
        assertThat(grid.filterAt(5, 3)).as("the gap row under the first filters").isEmpty();
        assertThat(grid.kernelIndexAt(8, 38 + 6 + 2)).contains(new KernelIndex(5, 1, 2, 2));
    }

    @Test
    void filterL1NormsSumEachFiltersMagnitudes() {
        double[] norms = mosaic.filterL1Norms();
        for (int o = 0; o < OUT; o++) {
            double sum = 0;
            for (int i = o * IN * K * K; i < (o + 1) * IN * K * K; i++) {
                sum += Math.abs(weights[i]);
            }
            assertThat(norms[o]).isEqualTo(sum);
        }
    }

    @Test
    void onlyFirstLayersWithThinBandsAreWrappedAndGridRowsHoldWholeFilters() {
        assertThat(ConvMosaic.filterColumnsFor(20, 1, 5, 5)).isEqualTo(5);
        assertThat(ConvMosaic.filterColumnsFor(50, 20, 5, 5)).isEqualTo(1);
        assertThat(ConvMosaic.filterColumnsFor(64, 64, 3, 3)).isEqualTo(1);
        assertThat(ConvMosaic.filterColumnsFor(64, 3, 7, 7)).isEqualTo(4);
        assertThat(ConvMosaic.filterColumnsFor(13, 1, 5, 5)).as("a prime count on one row").isEqualTo(13);
    }

    @Test
    void everyWeightIsShownInExactlyOneCellAndGapsShowNone() {
        everyWeightOnce(mosaic);
        everyWeightOnce(grid);
        assertThat(mosaic.kernelIndexAt(7, 13)).contains(new KernelIndex(1, 2, 1, 1));
    }

    private void everyWeightOnce(ConvMosaic mosaic) {
        Set<KernelIndex> seen = new HashSet<>();
        for (int r = 0; r < mosaic.rows(); r++) {
            for (int c = 0; c < mosaic.columns(); c++) {
                var index = mosaic.kernelIndexAt(r, c);
                assertThat(index.isEmpty()).isEqualTo(mosaic.isGapRow(r) || mosaic.isGapColumn(c));
                if (index.isPresent()) {
                    KernelIndex k = index.get();
                    assertThat(seen.add(k)).isTrue();
                    int flat = ((k.out() * IN + k.in()) * K + k.y()) * K + k.x();
                    assertThat(mosaic.valueAt(r, c)).isEqualTo(weights[flat]);
                }
            }
        }
        assertThat(seen).hasSize(weights.length);
    }

    @Test
    void rowSlicesMatchCellValuesWithGapsAsNaN() {
        rowSlicesMatch(mosaic);
        rowSlicesMatch(grid);
    }

    private static void rowSlicesMatch(ConvMosaic mosaic) {
        float[] scratch = new float[mosaic.columns()];
        for (int r = 0; r < mosaic.rows(); r++) {
            if (mosaic.isGapRow(r)) {
                continue;
            }
            for (int from = 0; from < mosaic.columns(); from += 4) {
                for (int to = from + 1; to <= mosaic.columns(); to += 3) {
                    HeatmapSource.RowSlice slice = mosaic.row(r, from, to, scratch);
                    for (int c = from; c < to; c++) {
                        float v = slice.array()[slice.offset() + c - from];
                        if (mosaic.isGapColumn(c)) {
                            assertThat(v).isNaN();
                        } else {
                            assertThat(v).isEqualTo(mosaic.valueAt(r, c));
                        }
                    }
                }
            }
        }
    }

    @Test
    void removingAFilterRemovesExactlyItsRowBandFromTheRenderedImage() {
        int removed = 2;
        float[] smaller = new float[(OUT - 1) * IN * K * K];
        int filterSize = IN * K * K;
        System.arraycopy(weights, 0, smaller, 0, removed * filterSize);
        System.arraycopy(weights, (removed + 1) * filterSize, smaller, removed * filterSize,
                (OUT - removed - 1) * filterSize);
        ConvMosaic pruned = new ConvMosaic(smaller, OUT - 1, IN, K, K);
        RenderOptions options = new RenderOptions(Aggregation.MAX_ABS, ValueMode.SIGNED, ColorScaling.LINEAR,
                ColorScheme.BLUE_WHITE_RED, OptionalDouble.of(0.2));

        int[] before = render(mosaic, options);
        int[] after = render(pruned, options);

        int width = mosaic.columns();
        int bandHeight = K + 1;
        assertThat(pruned.rows()).isEqualTo(mosaic.rows() - bandHeight);
        for (int r = 0; r < pruned.rows(); r++) {
            int original = r < mosaic.filterTopRow(removed) ? r : r + bandHeight;
            for (int c = 0; c < width; c++) {
                assertThat(after[r * width + c]).as("cell (%d, %d)", r, c).isEqualTo(before[original * width + c]);
            }
        }
    }

    @Test
    void gapCellsAreDrawnInTheBackgroundColour() {
        gapsInBackground(mosaic);
        gapsInBackground(grid);
    }

    private static void gapsInBackground(ConvMosaic mosaic) {
        int[] image = render(mosaic, RenderOptions.defaults());
        for (int r = 0; r < mosaic.rows(); r++) {
            for (int c = 0; c < mosaic.columns(); c++) {
                boolean gap = mosaic.isGapRow(r) || mosaic.isGapColumn(c);
                assertThat(image[r * mosaic.columns() + c] == ColorMap.BACKGROUND_ARGB).isEqualTo(gap);
            }
        }
    }

    private static int[] render(ConvMosaic source, RenderOptions options) {
        return new HeatmapRenderer(source)
                .render(Viewport.whole(source, source.columns(), source.rows()), options, OptionalDouble.empty(),
                        Cancellation.none())
                .argb();
    }
}
