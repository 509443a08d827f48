package dev.shears.pruning.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shears.FashionSplits;
import dev.shears.data.DataSource;
import dev.shears.eval.Evaluator;
import dev.shears.io.LoadedModel;
import dev.shears.io.ModelBackend;
import dev.shears.io.ModelLoader;
import dev.shears.io.SampleLocations;
import dev.shears.pruning.PruningSpecException;
import dev.shears.pruning.Reconstruction;
import dev.shears.pruning.plan.PruningPlan;
import dev.shears.pruning.planning.PreviewPlanner;
import dev.shears.pruning.recipes.PruningSpec;
import dev.shears.pruning.recipes.PruningSpecJson;
import dev.shears.task.Cancellation;
import dev.shears.task.ProgressListener;
import java.io.IOException;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Refitting a pruned DL4J network's layers to the unpruned outputs, on the bundled samples and Fashion-MNIST. */
class LayerRefitTest {
    /** The app's default target on a BatchNorm net: one ranking scored by group-mean, at most 60 % a layer. */
    private static final PruningSpec HALF_OF_CHANNELS = PruningSpecJson.read("{\"version\": 1, \"mode\":"
            + " \"structured\", \"scope\": \"global\", \"criterion\": \"l1\", \"importance\": \"group-mean\","
            + " \"ratio\": 0.5, \"maxLayerRatio\": 0.6}");
    private static LoadedModel miniResnet;
    private static DataSource validation;

    @BeforeAll
    static void open() throws IOException {
        miniResnet = ModelLoader.load(SampleLocations.sampleModel("mini-resnet"));
        validation = FashionSplits.validation().first(2000);
    }

    @Test
    void halfOfMiniResnetsChannelsRefittedKeepsAUsableModelWhereWithoutItGuessesAtChance() throws IOException {
        PruningService service = new PruningService(Optional.of(validation), Optional.of(FashionSplits.train()));
        PruningResult plain = service.run(miniResnet, HALF_OF_CHANNELS, ProgressListener.NONE, Cancellation.none());
        PruningResult refitted = service.run(miniResnet, HALF_OF_CHANNELS.withRefitExamples(LayerRefit.DEFAULT_EXAMPLES),
                ProgressListener.NONE, Cancellation.none());

        double before = Evaluator.evaluate(plain.model(), validation).accuracy();
        double after = Evaluator.evaluate(refitted.model(), validation).accuracy();
        // measured on these 2,000 images: 9.9 % → 85.3 % (unpruned 92.7 %)
        assertThat(before).isLessThan(0.3);
        assertThat(after).isGreaterThan(0.8);
        assertThat(refitted.report().equivalent()).as("the surgery is still proven before the refit").isTrue();
        assertThat(refitted.model().graph().totalParams()).isEqualTo(plain.model().graph().totalParams());
    }

    @Test
    void theRefitWritesEachMeasuredLayerIntoTheDl4jNetworkAndLeavesTheStemAlone() throws IOException {
        PreviewPlanner planner = new PreviewPlanner(miniResnet.backend(), () -> {
            throw new IllegalStateException("l1 measures nothing");
        });
        PruningPlan plan = (PruningPlan) planner.plan(HALF_OF_CHANNELS);
        ModelBackend pruned = planner.forEvaluation(plan);

        Reconstruction measured = LayerRefit.measure(miniResnet.backend(), pruned, plan, FashionSplits.train(), 256,
                ProgressListener.NONE, Cancellation.none());
        ModelBackend refitted = pruned.withParamValues(measured.values());

        // named as the DL4J layers (the ONNX conversion calls them block1_conv1_conv, …); the stem reads the image
        assertThat(measured.refits()).extracting(Reconstruction.Refit::layer).containsExactly("block1_conv1",
                "block1_conv2", "block2_proj", "block2_conv1", "block2_conv2", "block3_conv1", "block3_conv2",
                "output");
        assertThat(refitted.paramValues("stem", "W")).containsExactly(pruned.paramValues("stem", "W"));
        for (Reconstruction.Refit r : measured.refits()) {
            r.values().forEach((key, values) -> assertThat(refitted.paramValues(r.layer(), key))
                    .as(r.layer() + "/" + key).containsExactly(values));
        }
    }

    @Test
    void aRecipeThatRefitsIsRefusedWithoutTrainingDataInASentenceAndRoundTrips() {
        PruningSpec spec = HALF_OF_CHANNELS.withRefitExamples(300);
        assertThatThrownBy(() -> new PruningService(Optional.of(validation.first(256)))
                .run(miniResnet, spec, ProgressListener.NONE, Cancellation.none()))
                .isInstanceOf(IOException.class).hasMessage(LayerRefit.NEEDS_TRAINING_DATA);
        assertThat(PruningSpecJson.write(spec)).contains("\"refit\" : 300");
        assertThat(PruningSpecJson.read(PruningSpecJson.write(spec))).isEqualTo(spec);
        assertThat(PruningSpecJson.read(PruningSpecJson.write(HALF_OF_CHANNELS)).refits()).isFalse();
    }

    @Test
    void weightsZeroedOneByOneCannotBeRefittedAndTheRecipeSaysWhy() {
        assertThatThrownBy(() -> PruningSpecJson.read("{\"version\": 1, \"mode\": \"unstructured\", \"ratio\": 0.5,"
                + " \"refit\": 1024}")).isInstanceOf(PruningSpecException.class)
                .hasMessageContaining("refit").hasMessageContaining("structured pruning only");
    }

    @Test
    void aSeparableLayersPointwiseHalfHasNoWeightsOfItsOwnToWriteBackAndStaysAsPrunedWhileLaterLayersAreRefitted()
            throws IOException {
        // depthwise and separable layers, seeded (DepthwisePruningTest's network), half of every layer's channels
        ModelBackend network = dev.shears.io.Dl4jBackend.of(
                dev.shears.pruning.surgery.DepthwisePruningTestAccess.network());
        PreviewPlanner planner = new PreviewPlanner(network, () -> {
            throw new IllegalStateException("l1 measures nothing");
        });
        PruningPlan plan = (PruningPlan) planner.plan(PruningSpecJson.read("{\"version\": 1, \"ratio\": 0.5}"));
        ModelBackend pruned = planner.forEvaluation(plan);

        Reconstruction measured = LayerRefit.measure(network, pruned, plan, FashionSplits.train(), 512,
                ProgressListener.NONE, Cancellation.none());

        assertThat(measured.skipped()).containsEntry("sep_pointwise",
                "its weights are not a DL4J layer's W, where a refit is written back");
        assertThat(measured.refits()).extracting(Reconstruction.Refit::layer).containsExactly("fc", "output");
        ModelBackend refitted = pruned.withParamValues(measured.values());
        assertThat(refitted.paramValues("sep", "pW")).containsExactly(pruned.paramValues("sep", "pW"));
        assertThat(refitted.paramValues("fc", "W")).isNotEqualTo(pruned.paramValues("fc", "W"));
    }
}
