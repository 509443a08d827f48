package dev.shears.analysis.heatmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shears.task.Cancellation;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class ThresholdOverlayTest {
    private static final WeightMatrix DENSE = new WeightMatrix(BruteForce.gaussian(1001 * 37, 21), 1001, 37);
    private static final ConvMosaic MOSAIC = new ConvMosaic(BruteForce.gaussian(6 * 3 * 5 * 5, 22), 6, 3, 5, 5);

    private static List<Double> thresholds(float[] w) {
        return List.of(0.0, (double) Math.abs(w[17]), (double) Math.abs(w[123]), 0.03, 0.08,
                maxAbs(w), Math.nextUp(maxAbs(w)), 10.0);
    }

    private static double maxAbs(float[] w) {
        double max = 0;
        for (float v : w) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }

    @Test
    void exactScanSharesAndVisibleCountsEqualBruteForce() {
        List<Viewport> views = List.of(Viewport.whole(DENSE, 64, 50), Viewport.whole(DENSE, 50, 64),
                new Viewport(3.5, 400.25, 9.5, 12.75, 61, 47), new Viewport(-3.3, 500.7, 45.2, 600.9, 17, 23));
        for (Viewport view : views) {
            PixelBlocks blocks = PixelBlocks.of(DENSE, view);
            for (double t : thresholds(DENSE.values().toArray())) {
                for (boolean holdsNaN : new boolean[] {true, false}) {
                    assertScanIsExact(blocks, t, holdsNaN);
                }
            }
        }
    }

    private static void assertScanIsExact(PixelBlocks blocks, double t, boolean holdsNaN) {
        Viewport view = blocks.viewport();
        ExactThresholdScan.Result result = ExactThresholdScan.scan(DENSE, blocks, t, holdsNaN, Cancellation.none());
        assertThat(result.visible()).as("%s at %s", view, t).isEqualTo(BruteForce.visibleCounts(DENSE, blocks, t));
        for (int py = 0; py < view.pixelHeight(); py++) {
            for (int px = 0; px < view.pixelWidth(); px++) {
                long[] counts = BruteForce.blockCounts(DENSE, blocks, py, px, t);
                int expected = counts[2] == 0 ? 0 : (int) Math.round(255.0 * counts[0] / counts[2]);
                assertThat(result.prunedShares()[py * view.pixelWidth() + px] & 0xFF)
                        .as("%s at %s, pixel (%d, %d)", view, t, px, py).isEqualTo(expected);
            }
        }
    }

    @Test
    void smallTensorsGetExactCountsForTheTensorAndTheView() {
        HeatmapRenderer renderer = new HeatmapRenderer(DENSE);
        Viewport partial = new Viewport(5, 100, 20, 300, 40, 30);
        for (double t : thresholds(DENSE.values().toArray())) {
            HeatmapImage image = renderer.render(partial, RenderOptions.defaults(), OptionalDouble.of(t),
                    Cancellation.none());
            ThresholdSummary summary = image.threshold().orElseThrow();
            assertThat(summary.tensor()).isEqualTo(BruteForce.counts(DENSE.values().toArray(), t));
            assertThat(summary.visible()).isEqualTo(BruteForce.visibleCounts(DENSE, PixelBlocks.of(DENSE, partial), t));
            assertThat(summary.exactShading()).isTrue();
        }
    }

    @Test
    void bigTensorsCountExactlyFromTheIndexAndEstimateShadingWithinTheStraddlingClass() {
        HeatmapRenderer renderer = new HeatmapRenderer(DENSE, 1000);
        Viewport whole = Viewport.whole(DENSE, 20, 30);
        PixelBlocks blocks = PixelBlocks.of(DENSE, whole);
        dev.shears.analysis.MagnitudeIndex counter = dev.shears.analysis.MagnitudeIndex.of(DENSE.values().toArray(),
                Cancellation.none());
        BlockMagnitudeHistograms histograms = BlockMagnitudeHistograms.build(DENSE, blocks, counter,
                Cancellation.none());
        double totalError = 0;
        int samples = 0;
        for (double t : thresholds(DENSE.values().toArray())) {
            ThresholdSummary summary = renderer.render(whole, RenderOptions.defaults(), OptionalDouble.of(t),
                    Cancellation.none()).threshold().orElseThrow();
            assertThat(summary.tensor()).isEqualTo(BruteForce.counts(DENSE.values().toArray(), t));
            assertThat(summary.visible()).isEqualTo(summary.tensor());
            assertThat(summary.exactShading()).isFalse();

            byte[] estimated = histograms.prunedShares(t, counter.countBelow(t));
            int straddling = histograms.classOf(MagnitudeKeys.exclusiveBound(t));
            for (int py = 0; py < whole.pixelHeight(); py++) {
                for (int px = 0; px < whole.pixelWidth(); px++) {
                    long[] bounds = classBounds(histograms, blocks, py, px, straddling);
                    long cells = bounds[2];
                    int estimate = estimated[py * whole.pixelWidth() + px] & 0xFF;
                    assertThat(estimate).as("pixel (%d, %d) at %s", px, py, t)
                            .isBetween((int) Math.floor(255.0 * bounds[0] / cells) - 1,
                                    (int) Math.ceil(255.0 * bounds[1] / cells) + 1);
                    long[] exact = BruteForce.blockCounts(DENSE, blocks, py, px, t);
                    totalError += Math.abs(estimate - 255.0 * exact[0] / cells);
                    samples++;
                }
            }
        }
        assertThat(totalError / samples).as("mean shading error, in 1/255").isLessThan(4);
    }

    /** {cells in classes below the straddling one, cells up to and including it, all cells}. */
    private static long[] classBounds(BlockMagnitudeHistograms histograms, PixelBlocks blocks, int py, int px,
                                      int straddling) {
        int[] rows = BruteForce.range(blocks.rows(), py);
        int[] columns = BruteForce.range(blocks.columns(), px);
        long below = 0;
        long upTo = 0;
        long cells = 0;
        for (int r = rows[0]; r < rows[1]; r++) {
            for (int c = columns[0]; c < columns[1]; c++) {
                int magnitudeClass = histograms.classOf(MagnitudeKeys.of(DENSE.valueAt(r, c)));
                below += magnitudeClass < straddling ? 1 : 0;
                upTo += magnitudeClass <= straddling ? 1 : 0;
                cells++;
            }
        }
        return new long[] {below, upTo, cells};
    }

    @Test
    void bigTensorsZoomedInScanTheVisibleCellsExactly() {
        HeatmapRenderer renderer = new HeatmapRenderer(DENSE, 1000);
        Viewport partial = new Viewport(5, 100, 20, 300, 40, 30);
        double t = 0.04;
        ThresholdSummary summary = renderer.render(partial, RenderOptions.defaults(), OptionalDouble.of(t),
                Cancellation.none()).threshold().orElseThrow();
        assertThat(summary.tensor()).isEqualTo(BruteForce.counts(DENSE.values().toArray(), t));
        assertThat(summary.visible()).isEqualTo(BruteForce.visibleCounts(DENSE, PixelBlocks.of(DENSE, partial), t));
        assertThat(summary.exactShading()).isTrue();
    }

    @Test
    void fullyPrunedPixelsAreGreyAndUnprunedOnesKeepTheirColour() {
        HeatmapRenderer renderer = new HeatmapRenderer(MOSAIC);
        Viewport oneToOne = Viewport.whole(MOSAIC, MOSAIC.columns(), MOSAIC.rows());
        int[] plain = renderer.render(oneToOne, RenderOptions.defaults(), OptionalDouble.empty(), Cancellation.none())
                .argb();
        double t = 0.05;
        HeatmapImage masked = renderer.render(oneToOne, RenderOptions.defaults(), OptionalDouble.of(t),
                Cancellation.none());
        long greyCells = 0;
        for (int r = 0; r < MOSAIC.rows(); r++) {
            for (int c = 0; c < MOSAIC.columns(); c++) {
                int p = r * MOSAIC.columns() + c;
                if (MOSAIC.isGapRow(r) || MOSAIC.isGapColumn(c)) {
                    assertThat(masked.argb()[p]).isEqualTo(ColorMap.BACKGROUND_ARGB);
                } else if (Math.abs(MOSAIC.valueAt(r, c)) < t) {
                    assertThat(masked.argb()[p]).isEqualTo(ColorMap.PRUNED_ARGB);
                    greyCells++;
                } else {
                    assertThat(masked.argb()[p]).isEqualTo(plain[p]);
                }
            }
        }
        PruneCounts counts = masked.threshold().orElseThrow().tensor();
        assertThat(counts.pruned()).isEqualTo(greyCells).isPositive();
        assertThat(counts.total()).isEqualTo(MOSAIC.values().size());
        assertThat(counts.prunedFraction()).isEqualTo((double) greyCells / MOSAIC.values().size());
    }

    @Test
    void nanWeightsAreNeitherKeptNorPrunedOnEitherPath() {
        float[] w = BruteForce.gaussian(300 * 40, 23);
        for (int i = 0; i < w.length; i += 97) {
            w[i] = Float.NaN;
        }
        WeightMatrix withNaN = new WeightMatrix(w, 300, 40);
        Viewport partial = new Viewport(3, 20, 30, 250, 25, 50);
        for (long scanLimit : new long[] {HeatmapRenderer.DEFAULT_EXACT_SCAN_LIMIT, 100}) {
            HeatmapRenderer renderer = new HeatmapRenderer(withNaN, scanLimit);
            for (Viewport view : List.of(partial, Viewport.whole(withNaN, 10, 30))) {
                ThresholdSummary summary = renderer.render(view, RenderOptions.defaults(), OptionalDouble.of(0.04),
                        Cancellation.none()).threshold().orElseThrow();
                assertThat(summary.tensor()).isEqualTo(BruteForce.counts(w, 0.04));
                assertThat(summary.visible())
                        .isEqualTo(BruteForce.visibleCounts(withNaN, PixelBlocks.of(withNaN, view), 0.04));
            }
        }
    }

    @Test
    void aCancelledRenderStops() {
        Cancellation cancellation = new Cancellation();
        cancellation.cancel();
        HeatmapRenderer renderer = new HeatmapRenderer(DENSE);
        assertThatThrownBy(() -> renderer.render(Viewport.whole(DENSE, 10, 10), RenderOptions.defaults(),
                OptionalDouble.of(0.1), cancellation)).isInstanceOf(Cancellation.CancelledException.class);
    }

    @Test
    void theImageHasExactlyTheViewportsPixels() {
        HeatmapImage image = new HeatmapRenderer(DENSE).render(new Viewport(0, 0, 37, 1001, 123, 45),
                RenderOptions.defaults(), OptionalDouble.of(0.02), Cancellation.none());
        assertThat(image.width()).isEqualTo(123);
        assertThat(image.height()).isEqualTo(45);
        assertThat(image.argb()).hasSize(123 * 45);
    }
}
