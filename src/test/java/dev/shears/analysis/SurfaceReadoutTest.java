package dev.shears.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.io.LoadedModel;
import dev.shears.io.ModelLoader;
import dev.shears.io.SampleLocations;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The 3D surface's hover and axes on lenet-5's real weights: which weight lies under a point of the
 * surface, its value, and the words on the axes for a conv and a dense layer.
 */
class SurfaceReadoutTest {
    private static LoadedModel lenet5;

    @BeforeAll
    static void open() throws Exception {
        lenet5 = ModelLoader.load(SampleLocations.sampleModel("lenet-5"));
    }

    @Test
    void aPointOnConv1sSurfaceNamesTheFilterInputAndKernelPositionOfItsWeight() {
        FloatValues w = lenet5.paramView("conv1", "W"); // [20, 1, 5, 5]: 20 × 25, every cell one weight
        SurfaceGrid grid = SurfaceGrid.maxAbs(w, 20, 25, 256, 256);
        SurfaceReadout readout = new SurfaceReadout(w, grid, new long[] {20, 1, 5, 5});
        // texture coordinates of vertex (row 7, col 14) and a point a little off it, nearer to it than to any other
        for (double[] uv : new double[][] {{14.5 / 25, 7.5 / 20}, {14.2 / 25, 7.9 / 20}}) {
            SurfaceReadout.Weight weight = readout.weightAtTexCoord(uv[0], uv[1]);
            assertThat(weight.matrixRow()).isEqualTo(7);
            assertThat(weight.matrixCol()).isEqualTo(14);
            assertThat(weight.value()).isEqualTo(w.get(7 * 25 + 14)).isEqualTo(grid.value(7, 14));
            assertThat(weight.blockSize()).isEqualTo(1);
            // column 14 = y 2, x 4 of input 0
            assertThat(weight.describe()).isEqualTo("W[out 7, in 0, y 2, x 4] = "
                    + String.format(Locale.ROOT, "%.4g", w.get(7 * 25 + 14)));
        }
        assertThat(readout.weightAtTexCoord(1.0, 1.0).matrixRow()).as("the far corner").isEqualTo(19);
        assertThat(readout.weightAtTexCoord(1.0, 1.0).matrixCol()).isEqualTo(24);
    }

    @Test
    void aCellOfFc1sAggregatedSurfaceStandsForTheLargestMagnitudeOfItsBlock() {
        FloatValues w = lenet5.paramView("fc1", "W"); // dense [800, 500] → 256 × 256 cells
        SurfaceGrid grid = SurfaceGrid.maxAbs(w, 800, 500, 256, 256);
        SurfaceReadout readout = new SurfaceReadout(w, grid, new long[] {800, 500});
        int row = 100;
        int col = 37;
        SurfaceReadout.Weight weight = readout.weightAtTexCoord((col + 0.5) / 256, (row + 0.5) / 256);
        int r0 = row * 800 / 256;
        int r1 = (row + 1) * 800 / 256;
        int c0 = col * 500 / 256;
        int c1 = (col + 1) * 500 / 256;
        float largest = 0;
        int at = -1;
        for (int i = r0; i < r1; i++) {
            for (int j = c0; j < c1; j++) {
                if (Math.abs(w.get(i * 500 + j)) > Math.abs(largest)) {
                    largest = w.get(i * 500 + j);
                    at = i * 500 + j;
                }
            }
        }
        assertThat(weight.blockSize()).isEqualTo((r1 - r0) * (c1 - c0));
        assertThat(weight.matrixRow() * 500 + weight.matrixCol()).isEqualTo(at);
        assertThat(weight.value()).isEqualTo(largest).isEqualTo(grid.value(row, col));
        assertThat(weight.describe()).startsWith(String.format(Locale.ROOT, "W[in %d, out %d] = %.4g",
                at / 500, at % 500, largest)).contains("largest |w| of the " + weight.blockSize() + " weights");
    }

    @Test
    void axesOfAConvLayerAreFilterInputTimesKernelPositionAndValue() {
        FloatValues w = lenet5.paramView("conv2", "W"); // [50, 20, 5, 5] → 50 × 500
        SurfaceGrid grid = SurfaceGrid.maxAbs(w, 50, 500, 256, 256);
        SurfaceAxes axes = SurfaceAxes.of(new long[] {50, 20, 5, 5}, grid);
        assertThat(axes.rows().title()).isEqualTo("filter");
        assertThat(axes.rows().ticks()).extracting(SurfaceAxes.Tick::label)
                .containsExactly("0", "12", "25", "37", "49");
        assertThat(axes.columns().title()).isEqualTo("input × kernel position");
        assertThat(axes.columns().ticks()).extracting(SurfaceAxes.Tick::label)
                .containsExactly("in 0", "in 5", "in 10", "in 14", "in 19");
        assertThat(axes.value().title()).isEqualTo("value");
        String max = String.format(Locale.ROOT, "%.3g", grid.maxMagnitude());
        assertThat(axes.value().ticks()).extracting(SurfaceAxes.Tick::label).containsExactly("-" + max, "0", max);
        // input 19 starts at column 19·25 = 475 of 500, in grid cell 475·256/500 = 243 of 256
        assertThat(axes.columns().ticks().get(4).fraction()).isEqualTo(243.0 / 255);
        assertThat(axes.rows().ticks().get(0).fraction()).isZero();
        assertThat(axes.rows().ticks().get(4).fraction()).isEqualTo(1.0);
    }

    @Test
    void axesOfADenseLayerAreInputOutputNeuronAndValueAndOfConv1KernelPosition() {
        SurfaceGrid fc1 = SurfaceGrid.maxAbs(lenet5.paramView("fc1", "W"), 800, 500, 256, 256);
        SurfaceAxes dense = SurfaceAxes.of(new long[] {800, 500}, fc1);
        assertThat(List.of(dense.rows().title(), dense.columns().title(), dense.value().title()))
                .containsExactly("input", "output neuron", "value");
        assertThat(dense.rows().ticks()).extracting(SurfaceAxes.Tick::label)
                .containsExactly("0", "200", "400", "599", "799");
        assertThat(dense.columns().ticks()).extracting(SurfaceAxes.Tick::label)
                .containsExactly("0", "125", "250", "374", "499");

        SurfaceGrid conv1 = SurfaceGrid.maxAbs(lenet5.paramView("conv1", "W"), 20, 25, 256, 256);
        SurfaceAxes first = SurfaceAxes.of(new long[] {20, 1, 5, 5}, conv1);
        assertThat(first.columns().title()).isEqualTo("kernel position");
        assertThat(first.columns().ticks()).extracting(SurfaceAxes.Tick::label)
                .containsExactly("y 0", "y 1", "y 2", "y 3", "y 4");
        assertThat(first.columns().ticks().get(2).fraction()).isEqualTo(10.0 / 24);
    }
}
