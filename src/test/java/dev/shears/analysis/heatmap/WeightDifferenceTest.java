package dev.shears.analysis.heatmap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.io.LoadedModel;
import dev.shears.io.ModelLoader;
import dev.shears.io.SampleLocations;
import dev.shears.model.TensorShape;
import dev.shears.pruning.recipes.PruningSpecJson;
import dev.shears.pruning.service.PruningService;
import dev.shears.task.Cancellation;
import dev.shears.task.ProgressListener;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * B − A of lenet-5 and its copy with half of conv1's, conv2's and fc1's weights zeroed (unstructured pruning): the
 * difference read through both models' views equals B − A computed from independent copies of the tensors.
 */
class WeightDifferenceTest {
    private static LoadedModel original;
    private static dev.shears.io.ModelBackend pruned;

    @BeforeAll
    static void pruneHalfOfThreeLayersWeights() throws Exception {
        original = ModelLoader.load(SampleLocations.sampleModel("lenet-5"));
        pruned = new PruningService(Optional.empty()).run(original, PruningSpecJson.read("{\"version\": 1,"
                + " \"mode\": \"unstructured\", \"ratio\": 0, \"layers\": {\"conv1\": {\"ratio\": 0.5},"
                + " \"conv2\": {\"ratio\": 0.5}, \"fc1\": {\"ratio\": 0.5}}}"), ProgressListener.NONE,
                Cancellation.none()).model();
    }

    @Test
    void denseDifferenceIsBMinusAAtEveryCellAndInBlocksAcrossChunks() {
        float[] a = original.paramValues("fc1", "W"); // copies: a path independent of the views
        float[] b = pruned.paramValues("fc1", "W");
        TensorShape shape = original.graph().node("fc1").orElseThrow().params().stream()
                .filter(p -> p.key().equals("W")).findFirst().orElseThrow().shape();
        int nOut = (int) shape.dim(1);
        WeightDifference d = WeightDifference.of(original.paramView("fc1", "W"), pruned.paramView("fc1", "W"), shape);

        int zeroed = firstIndex(a, b, true);
        int kept = firstIndex(a, b, false);
        assertThat(d.differenceAt(zeroed / nOut, zeroed % nOut)).isEqualTo(-a[zeroed]).isNotZero();
        assertThat(d.firstAt(zeroed / nOut, zeroed % nOut)).isEqualTo(a[zeroed]);
        assertThat(d.secondAt(zeroed / nOut, zeroed % nOut)).isZero();
        assertThat(d.differenceAt(kept / nOut, kept % nOut)).isZero();
        assertThat(d.firstAt(kept / nOut, kept % nOut)).isEqualTo(b[kept]).isNotZero();
        assertThat(d.positionAt(zeroed / nOut, zeroed % nOut)).isEqualTo("in " + zeroed / nOut + ", out "
                + zeroed % nOut);

        // 400,000 values: the block-wise read crosses several of FloatValues' 65,536-value chunks
        assertThat(a.length).isGreaterThan(3 * dev.shears.analysis.FloatValues.CHUNK);
        float[] read = new float[a.length - 7];
        d.source().values().read(7, read, 0, read.length);
        long changed = 0;
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            if (i >= 7) {
                assertThat(read[i - 7]).as("B − A at %d", i).isEqualTo(b[i] - a[i]);
            }
            changed += a[i] != b[i] ? 1 : 0;
            max = Math.max(max, Math.abs(b[i] - a[i]));
        }
        WeightDifference.Summary summary = d.summarize(Cancellation.none());
        assertThat(summary.weights()).isEqualTo(a.length);
        assertThat(summary.changed()).isEqualTo(changed).isEqualTo(a.length / 2);
        assertThat(summary.maxAbsDiff()).isEqualTo(max).isPositive();
    }

    @Test
    void convDifferenceHoldsEveryWeightOnceAsBMinusA() {
        float[] a = original.paramValues("conv2", "W");
        float[] b = pruned.paramValues("conv2", "W");
        TensorShape shape = TensorShape.of(50, 20, 5, 5);
        WeightDifference d = WeightDifference.of(original.paramView("conv2", "W"), pruned.paramView("conv2", "W"),
                shape);
        HeatmapSource grid = d.source();

        int zeroed = firstIndex(a, b, true);
        assertThat(grid.values().get(zeroed)).isEqualTo(-a[zeroed]).isNotZero();
        // every cell of the grid shows A, B and B − A of one weight; their sums over the grid are the tensors' sums
        double sumA = 0;
        double sumDiff = 0;
        int cells = 0;
        for (int r = 0; r < grid.rows(); r++) {
            for (int c = 0; c < grid.columns(); c++) {
                if (d.holdsValue(r, c)) {
                    cells++;
                    assertThat(d.differenceAt(r, c)).isEqualTo(d.secondAt(r, c) - d.firstAt(r, c));
                    sumA += d.firstAt(r, c);
                    sumDiff += d.differenceAt(r, c);
                }
            }
        }
        assertThat(cells).isEqualTo(a.length);
        double expectedA = 0;
        double expectedDiff = 0;
        for (int i = 0; i < a.length; i++) {
            expectedA += a[i];
            expectedDiff += b[i] - a[i];
        }
        assertThat(sumA).isCloseTo(expectedA, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(sumDiff).isCloseTo(expectedDiff, org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void aZeroedWeightIsDrawnInTheDivergingColourOfMinusW() {
        WeightDifference d = WeightDifference.of(original.paramView("conv1", "W"), pruned.paramView("conv1", "W"),
                TensorShape.of(20, 1, 5, 5));
        HeatmapSource grid = d.source();
        // the zeroed weight of largest |w|, and a kept one
        int bestRow = -1;
        int bestColumn = -1;
        int keptRow = -1;
        int keptColumn = -1;
        for (int r = 0; r < grid.rows(); r++) {
            for (int c = 0; c < grid.columns(); c++) {
                if (!d.holdsValue(r, c)) {
                    continue;
                }
                if (d.secondAt(r, c) == 0 && d.firstAt(r, c) != 0
                        && (bestRow < 0 || Math.abs(d.firstAt(r, c)) > Math.abs(d.firstAt(bestRow, bestColumn)))) {
                    bestRow = r;
                    bestColumn = c;
                } else if (d.secondAt(r, c) != 0 && keptRow < 0) {
                    keptRow = r;
                    keptColumn = c;
                }
            }
        }
        // one pixel per cell
        HeatmapImage image = new HeatmapRenderer(grid).render(Viewport.whole(grid, grid.columns(), grid.rows()),
                RenderOptions.defaults(), OptionalDouble.empty(), Cancellation.none());

        float w = d.firstAt(bestRow, bestColumn);
        assertThat(image.legend().rangeMax()).as("the largest |B − A| is the zeroed weight of largest |w|")
                .isEqualTo(Math.abs(w));
        int drawn = image.argb()[bestRow * grid.columns() + bestColumn];
        int minusW = ColorScheme.BLUE_WHITE_RED.argb(-w / Math.abs(w));
        int plusW = ColorScheme.BLUE_WHITE_RED.argb(w / Math.abs(w));
        assertThat(drawn).as("the colour of −w = %s", -w).isEqualTo(minusW).isNotEqualTo(plusW);
        assertThat(image.argb()[keptRow * grid.columns() + keptColumn]).as("a kept weight: unchanged, white")
                .isEqualTo(ColorScheme.BLUE_WHITE_RED.argb(0));
    }

    private static int firstIndex(float[] a, float[] b, boolean zeroed) {
        for (int i = 0; i < a.length; i++) {
            if (zeroed ? b[i] == 0 && a[i] != 0 : b[i] != 0) {
                return i;
            }
        }
        throw new AssertionError("no " + (zeroed ? "zeroed" : "kept") + " weight");
    }
}
