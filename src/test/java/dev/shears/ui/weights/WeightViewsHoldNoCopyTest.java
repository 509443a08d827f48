package dev.shears.ui.weights;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.analysis.heatmap.HeatmapSource;
import dev.shears.io.LoadedModel;
import dev.shears.io.ModelLoader;
import dev.shears.io.SampleLocations;
import dev.shears.ui.task.TaskRunner;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The heatmap, histogram and 3D view of a selected layer draw from the network's own parameter
 * buffer: no copy of the tensor exists beside the network (decision 0022, second pass). Proven on
 * real lenet-5 by writing into the network's buffer after the layer was selected and reading the
 * change through what the views hold. The view model runs on the current-thread runner.
 */
class WeightViewsHoldNoCopyTest {
    @Test
    void aSelectedDenseLayersValuesAreTheNetworksOwnBuffer() throws Exception {
        assertTheViewsReadTheNetwork("fc1", 123, 45);
    }

    @Test
    void aSelectedConvLayersValuesAreTheNetworksOwnBuffer() throws Exception {
        assertTheViewsReadTheNetwork("conv2", 17, 3);
    }

    private static void assertTheViewsReadTheNetwork(String layer, int row, int column) throws Exception {
        // opened here for this test alone: it writes into the network
        LoadedModel model = ModelLoader.load(SampleLocations.sampleModel("lenet-5"));
        WeightsViewModel weights = new WeightsViewModel(TaskRunner.onCurrentThread());
        weights.modelProperty().set(model);
        weights.layerProperty().set(model.graph().node(layer).orElseThrow());
        LayerWeights shown = weights.weightsProperty().get();
        assertThat(shown.node().name()).isEqualTo(layer);
        assertThat(shown.values().array()).as("no Java array holds the values").isEmpty();
        assertThat(shown.values().toArray()).as("the values, row-major")
                .containsExactly(model.paramValues(layer, "W"));

        HeatmapSource heatmap = HeatmapView.sourceFor(shown).orElseThrow();
        INDArray w = ((MultiLayerNetwork) model.network()).getLayer(layer).getParam("W");
        long[] at = w.rank() == 2 ? new long[] {row, column} : new long[] {row, column, 1, 2};
        int rowMajor = (int) (w.rank() == 2 ? row * w.size(1) + column
                : ((row * w.size(1) + column) * w.size(2) + 1) * w.size(3) + 2);
        int heatmapRow = w.rank() == 2 ? row : row * (int) (w.size(2) + 1) + 1;
        int heatmapColumn = w.rank() == 2 ? column : column * (int) (w.size(3) + 1) + 2;
        float before = heatmap.valueAt(heatmapRow, heatmapColumn);
        assertThat(before).isEqualTo(w.getFloat(at));

        w.putScalar(at, 9.75f);

        assertThat(shown.values().get(rowMajor)).as("the values shown are the network's").isEqualTo(9.75f);
        assertThat(heatmap.valueAt(heatmapRow, heatmapColumn)).as("the heatmap's cell is the network's")
                .isEqualTo(9.75f);
    }
}
