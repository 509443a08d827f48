package dev.shears.analysis.heatmap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.analysis.FloatValues;
import dev.shears.io.LoadedModel;
import dev.shears.io.ModelLoader;
import dev.shears.io.SampleLocations;
import dev.shears.task.Cancellation;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Conv filters drawn as what they are: lenet-5's conv1 (20 filters of 5×5 over one input) as a grid
 * of square tiles measured from the rendered pixels, and many-filter layers with square cells too.
 */
class ConvTilesAtTrueAspectTest {
    private static LoadedModel lenet5;
    private static LoadedModel bnCnn;

    @BeforeAll
    static void open() throws Exception {
        lenet5 = ModelLoader.load(SampleLocations.sampleModel("lenet-5"));
        bnCnn = ModelLoader.load(SampleLocations.sampleModel("bn-cnn"));
    }

    @Test
    void lenet5Conv1IsDrawnAsTwentySquareTilesOfEqualSizeInAGrid() {
        ConvMosaic conv1 = mosaic(lenet5, "conv1");
        assertThat(conv1.filterColumns()).isEqualTo(5);
        assertThat(conv1.filterRows()).isEqualTo(4);

        for (int[] pane : new int[][] {{480, 320}, {700, 450}, {333, 517}}) {
            HeatmapImage image = renderFitted(conv1, pane[0], pane[1], OptionalDouble.empty());
            List<TileBoxes.Box> tiles = TileBoxes.of(image);
            assertThat(tiles).as("one tile per filter in a %d × %d pane", pane[0], pane[1]).hasSize(20);
            int side = tiles.get(0).width();
            assertThat(side).as("tiles are images, not slivers").isGreaterThanOrEqualTo(5 * 5);
            assertThat(side % 5).as("every weight is a whole square of pixels").isZero();
            for (TileBoxes.Box tile : tiles) {
                assertThat(tile.width()).as("tile %s", tile).isEqualTo(side);
                assertThat(tile.height()).as("tile %s", tile).isEqualTo(side);
            }
            Set<Integer> lefts = new HashSet<>();
            Set<Integer> tops = new HashSet<>();
            tiles.forEach(t -> {
                lefts.add(t.left());
                tops.add(t.top());
            });
            assertThat(lefts).as("5 columns of filters").hasSize(5);
            assertThat(tops).as("4 rows of filters").hasSize(4);
        }
    }

    @Test
    void eachConv1TileShowsItsFiltersWeightsPixelForPixel() {
        ConvMosaic conv1 = mosaic(lenet5, "conv1");
        SquareFit fit = SquareFit.of(conv1.rows(), conv1.columns(), 480, 320);
        HeatmapImage image = renderFitted(conv1, 480, 320, OptionalDouble.empty());
        ColorMap colours = new ColorMap(ColorScheme.BLUE_WHITE_RED, ValueMode.SIGNED, ColorScaling.LINEAR,
                image.legend().rangeMax());
        FloatValues w = lenet5.paramView("conv1", "W");
        for (int filter = 0; filter < 20; filter++) {
            for (int y = 0; y < 5; y++) {
                for (int x = 0; x < 5; x++) {
                    int px = (int) Math.floor((conv1.filterLeftColumn(filter) + x + 0.5 - fit.x()) * 480 / fit.width());
                    int py = (int) Math.floor((conv1.filterTopRow(filter) + y + 0.5 - fit.y()) * 320 / fit.height());
                    assertThat(image.argb()[py * 480 + px]).as("filter %d, y %d, x %d", filter, y, x)
                            .isEqualTo(colours.argb(w.get((filter * 5 + y) * 5 + x)));
                }
            }
        }
    }

    @Test
    void theThresholdGreysSquareTilesWithoutChangingTheirShape() {
        ConvMosaic conv1 = mosaic(lenet5, "conv1");
        HeatmapImage image = renderFitted(conv1, 480, 320, OptionalDouble.of(0.3));
        assertThat(image.threshold().orElseThrow().tensor().pruned()).isPositive();
        List<TileBoxes.Box> tiles = TileBoxes.of(image);
        assertThat(tiles).hasSize(20).allSatisfy(t -> assertThat(t.width()).isEqualTo(t.height()));
        long grey = 0;
        for (int p : image.argb()) {
            grey += p == ColorMap.PRUNED_ARGB ? 1 : 0;
        }
        assertThat(grey).isPositive();
    }

    @Test
    void manyFilterLayersKeepOneRowBandPerFilterWithSquareCells() {
        ConvMosaic conv2 = mosaic(lenet5, "conv2");
        assertThat(conv2.filterColumns()).isEqualTo(1);
        assertSquareTiles(conv2, 50 * 20, 600, 600);
        for (String layer : List.of("conv2", "conv3")) {
            ConvMosaic m = mosaic(bnCnn, layer);
            assertThat(m.wrapped()).as(layer).isFalse();
            assertSquareTiles(m, m.outChannels() * m.inChannels(), 1600, 1600);
        }
    }

    @Test
    void aFirstLayerOfThreeByThreeFiltersBecomesAGridOfBlocks() {
        ConvMosaic conv1 = mosaic(bnCnn, "conv1");
        assertThat(conv1.outChannels()).isEqualTo(24);
        assertThat(conv1.filterColumns() * conv1.filterRows()).isEqualTo(24);
        assertThat(conv1.filterColumns()).isEqualTo(6);
        assertSquareTiles(conv1, 24, 480, 320);
    }

    /** Rendered where every cell gets at least a pixel, the tiles counted from pixels are all equal squares. */
    private static void assertSquareTiles(ConvMosaic m, int tileCount, int paneWidth, int paneHeight) {
        HeatmapImage image = renderFitted(m, paneWidth, paneHeight, OptionalDouble.empty());
        List<TileBoxes.Box> tiles = TileBoxes.of(image);
        assertThat(tiles).hasSize(tileCount);
        int side = tiles.get(0).width();
        assertThat(side).isEqualTo(tiles.get(0).height()).isGreaterThanOrEqualTo(m.kernelWidth());
        assertThat(tiles).allSatisfy(t -> {
            assertThat(t.width()).isEqualTo(side);
            assertThat(t.height()).isEqualTo(side);
        });
    }

    private static HeatmapImage renderFitted(ConvMosaic m, int paneWidth, int paneHeight, OptionalDouble threshold) {
        Viewport request = SquareFit.of(m.rows(), m.columns(), paneWidth, paneHeight).viewport(paneWidth, paneHeight);
        return new HeatmapRenderer(m).render(request, RenderOptions.defaults(), threshold, Cancellation.none());
    }

    private static ConvMosaic mosaic(LoadedModel model, String layer) {
        long[] d = model.graph().node(layer).orElseThrow().params().stream().filter(p -> p.key().equals("W"))
                .findFirst().orElseThrow().shape().dims();
        return ConvMosaic.laidOut(model.paramView(layer, "W"), (int) d[0], (int) d[1], (int) d[2], (int) d[3]);
    }
}
