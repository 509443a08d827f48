package dev.shears.analysis.heatmap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.analysis.FloatValues;
import dev.shears.analysis.Histogram;
import dev.shears.analysis.MagnitudeIndex;
import dev.shears.analysis.SurfaceGrid;
import dev.shears.io.LoadedModel;
import dev.shears.io.ModelLoader;
import dev.shears.io.SampleLocations;
import dev.shears.task.Cancellation;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The weight views read a DL4J layer straight from the network's parameter buffer (a dense W kept
 * column by column, a conv W in C order) instead of a row-major copy: every drawing, count and
 * summary must be exactly what the copy gives. Real lenet-5 weights.
 */
class NetworkBufferHeatmapTest {
    private static LoadedModel lenet5;

    @BeforeAll
    static void open() throws Exception {
        lenet5 = ModelLoader.load(SampleLocations.sampleModel("lenet-5"));
    }

    @Test
    void theNetworksBufferReadsRowMajorExactlyAsTheCopyDoes() {
        for (String layer : List.of("fc1", "conv2", "output")) {
            FloatValues inPlace = lenet5.paramView(layer, "W");
            float[] copy = lenet5.paramValues(layer, "W");
            assertThat(inPlace.array()).as("%s is read where it lies, not from an array", layer).isEmpty();
            assertThat(inPlace.size()).isEqualTo(copy.length);
            for (int i = 0; i < copy.length; i++) {
                assertThat(inPlace.get(i)).as("%s[%d]", layer, i).isEqualTo(copy[i]);
            }
            float[] readInRuns = new float[copy.length];
            for (int from = 0; from < copy.length; from += 977) {
                inPlace.read(from, readInRuns, from, Math.min(977, copy.length - from));
            }
            assertThat(readInRuns).as("%s read in runs that cross rows", layer).containsExactly(copy);
        }
    }

    @Test
    void summariesOfTheNetworksBufferEqualThoseOfTheCopy() {
        for (String layer : List.of("fc1", "conv2")) {
            FloatValues inPlace = lenet5.paramView(layer, "W");
            float[] copy = lenet5.paramValues(layer, "W");
            MagnitudeIndex fromBuffer = MagnitudeIndex.of(inPlace, Cancellation.none());
            MagnitudeIndex fromCopy = MagnitudeIndex.of(copy);
            assertThat(fromBuffer.size()).isEqualTo(copy.length);
            for (int k = 0; k < copy.length; k++) {
                assertThat(fromBuffer.magnitudeAt(k)).as("%s, sorted position %d", layer, k)
                        .isEqualTo(fromCopy.magnitudeAt(k));
            }
            assertThat(Histogram.symmetric(inPlace, 120).counts()).containsExactly(
                    Histogram.symmetric(copy, 120).counts());
            int rows = (int) dims(layer)[0];
            assertThat(SurfaceGrid.maxAbs(inPlace, rows, copy.length / rows, 37, 41).values())
                    .containsExactly(SurfaceGrid.maxAbs(copy, rows, copy.length / rows, 37, 41).values());
            assertThat(ExactThresholdScan.countAll(inPlace, fromCopy.magnitudeAt(copy.length / 3),
                    Cancellation.none())).isEqualTo(ExactThresholdScan.countAll(FloatValues.of(copy),
                    fromCopy.magnitudeAt(copy.length / 3), Cancellation.none()));
        }
    }

    @Test
    void aDenseLayerDrawnFromTheNetworksBufferIsPixelForPixelTheDrawingOfItsCopy() {
        float[] copy = lenet5.paramValues("fc1", "W");
        long[] d = dims("fc1");
        HeatmapSource fromBuffer = WeightMatrix.ofDense(lenet5.paramView("fc1", "W"), (int) d[0], (int) d[1]);
        HeatmapSource fromCopy = WeightMatrix.ofDense(copy, (int) d[0], (int) d[1]);
        assertSameDrawings(fromBuffer, fromCopy, MagnitudeIndex.of(copy).magnitudeAt(copy.length / 2));
    }

    @Test
    void aConvLayerDrawnFromTheNetworksBufferIsPixelForPixelTheDrawingOfItsCopy() {
        float[] copy = lenet5.paramValues("conv2", "W");
        long[] d = dims("conv2");
        HeatmapSource fromBuffer = new ConvMosaic(lenet5.paramView("conv2", "W"), (int) d[0], (int) d[1], (int) d[2],
                (int) d[3]);
        HeatmapSource fromCopy = new ConvMosaic(copy, (int) d[0], (int) d[1], (int) d[2], (int) d[3]);
        assertSameDrawings(fromBuffer, fromCopy, MagnitudeIndex.of(copy).magnitudeAt(copy.length / 2));
    }

    private static long[] dims(String layer) {
        return lenet5.graph().node(layer).orElseThrow().params().stream().filter(p -> p.key().equals("W"))
                .findFirst().orElseThrow().shape().dims();
    }

    /** Whole and zoomed in, every aggregation, with and without a threshold, small and big-tensor paths. */
    private static void assertSameDrawings(HeatmapSource fromBuffer, HeatmapSource fromCopy, double threshold) {
        List<Viewport> views = List.of(Viewport.whole(fromCopy, 160, 90),
                new Viewport(3.5, 7.25, fromCopy.columns() / 5.0, fromCopy.rows() / 3.0, 120, 80));
        for (long exactScanLimit : new long[] {HeatmapRenderer.DEFAULT_EXACT_SCAN_LIMIT, 1000}) {
            HeatmapRenderer a = new HeatmapRenderer(fromBuffer, exactScanLimit);
            HeatmapRenderer b = new HeatmapRenderer(fromCopy, exactScanLimit);
            for (Viewport view : views) {
                for (Aggregation aggregation : Aggregation.values()) {
                    RenderOptions options = new RenderOptions(aggregation, ValueMode.SIGNED, ColorScaling.LINEAR,
                            ColorScheme.BLUE_WHITE_RED, OptionalDouble.empty());
                    for (OptionalDouble t : List.of(OptionalDouble.empty(), OptionalDouble.of(threshold))) {
                        HeatmapImage fromNetwork = a.render(view, options, t, Cancellation.none());
                        HeatmapImage fromArray = b.render(view, options, t, Cancellation.none());
                        assertThat(fromNetwork.argb()).as("%s, %s, threshold %s, scan limit %d", view, aggregation,
                                t, exactScanLimit).containsExactly(fromArray.argb());
                        assertThat(fromNetwork.threshold()).isEqualTo(fromArray.threshold());
                    }
                }
            }
        }
    }
}
