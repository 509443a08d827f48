package dev.shears.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.io.LoadedModel;
import dev.shears.io.ModelLoader;
import dev.shears.io.SampleLocations;
import dev.shears.model.NetworkGraph;
import dev.shears.pruning.recipes.PruningSpecJson;
import dev.shears.pruning.service.PruningService;
import dev.shears.task.Cancellation;
import dev.shears.task.ProgressListener;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A comparison of bn-cnn with what one pruning step made of it shows exactly the layers the step changed. */
class ModelComparisonTest {
    @Test
    void removingConv2sChannelsChangesConv2ItsBatchNormThePassThroughLayersAndConv3Only() throws Exception {
        LoadedModel bnCnn = ModelLoader.load(SampleLocations.sampleModel("bn-cnn"));
        NetworkGraph pruned = new PruningService(Optional.empty()).run(bnCnn, PruningSpecJson.read("{\"version\": 1,"
                + " \"ratio\": 0, \"layers\": {\"conv2\": {\"ratio\": 0.5}}}"), ProgressListener.NONE,
                Cancellation.none()).model().graph();

        ModelComparison comparison = ModelComparison.of(bnCnn.graph(), pruned);

        assertThat(comparison.changed()).extracting(ModelComparison.Row::name)
                .containsExactly("conv2", "bn2", "relu2", "pool2", "conv3");
        ModelComparison.Row conv2 = comparison.changed().get(0);
        assertThat(conv2.firstShape().dim(0)).isEqualTo(48);
        assertThat(conv2.secondShape().dim(0)).isEqualTo(24);
        assertThat(conv2.second().orElseThrow().paramCount()).isEqualTo(pruned.node("conv2").orElseThrow().paramCount())
                .isLessThan(conv2.first().orElseThrow().paramCount());
        assertThat(conv2.sameParamShapes()).isFalse();
        assertThat(conv2.whyNoDifference("A", "B")).contains("conv2 has 24 filters in B and 48 in A: no element-wise"
                + " difference.");
        assertThat(comparison.changed().get(4).whyNoDifference("A", "B")).contains("conv3 has 24 input channels in B"
                + " and 48 in A: no element-wise difference.");
        assertThat(comparison.changed().get(2).whyNoDifference("A", "B")).contains("relu2 has no weights.");
        assertThat(comparison.rows()).hasSize(bnCnn.graph().nodes().size());
        assertThat(comparison.rows().stream().filter(r -> r.name().equals("conv1")).findFirst().orElseThrow()
                .sameParamShapes()).as("conv1 untouched: its weights can be subtracted").isTrue();
        assertThat(comparison.rows().stream().filter(r -> r.name().equals("conv1")).findFirst().orElseThrow()
                .whyNoDifference("A", "B")).isEmpty();
    }

    @Test
    void zeroingWeightsOfOneLayerChangesOnlyItsSparsity() throws Exception {
        LoadedModel lenet = ModelLoader.load(SampleLocations.sampleModel("lenet-300-100"));
        NetworkGraph pruned = new PruningService(Optional.empty()).run(lenet, PruningSpecJson.read("{\"version\": 1,"
                + " \"mode\": \"unstructured\", \"ratio\": 0, \"layers\": {\"fc2\": {\"ratio\": 0.6}}}"),
                ProgressListener.NONE, Cancellation.none()).model().graph();

        ModelComparison comparison = ModelComparison.of(lenet.graph(), pruned);

        assertThat(comparison.changed()).extracting(ModelComparison.Row::name).containsExactly("fc2");
        ModelComparison.Row fc2 = comparison.changed().get(0);
        assertThat(fc2.change()).isEqualTo(ModelComparison.Change.CHANGED);
        assertThat(fc2.firstShape()).isEqualTo(fc2.secondShape());
        assertThat(fc2.sameParamShapes()).isTrue();
        assertThat(fc2.whyNoDifference("A", "B")).isEmpty();
        assertThat(fc2.drawnTensor().orElseThrow().key()).isEqualTo("W");
        assertThat(fc2.second().orElseThrow().sparsity()).isGreaterThan(fc2.first().orElseThrow().sparsity());
    }

    @Test
    void layersOfDifferentModelsAreListedOnTheSideTheyBelongTo() throws Exception {
        NetworkGraph lenet5 = ModelLoader.load(SampleLocations.sampleModel("lenet-5")).graph();
        NetworkGraph mlp = ModelLoader.load(SampleLocations.sampleModel("lenet-300-100")).graph();

        ModelComparison comparison = ModelComparison.of(lenet5, mlp);

        assertThat(comparison.rows()).filteredOn(r -> r.change() == ModelComparison.Change.ONLY_IN_FIRST)
                .extracting(ModelComparison.Row::name).contains("conv1", "conv2");
        assertThat(comparison.rows().stream().filter(r -> r.first().isPresent()).count())
                .isEqualTo(lenet5.nodes().size());
        assertThat(comparison.rows().stream().filter(r -> r.second().isPresent()).count()).isEqualTo(mlp.nodes().size());
        assertThat(comparison.rows().stream().filter(r -> r.name().equals("conv1")).findFirst().orElseThrow()
                .whyNoDifference("lenet-5", "lenet-300-100")).contains("conv1 is only in lenet-5: there is nothing"
                + " to subtract.");
    }
}
