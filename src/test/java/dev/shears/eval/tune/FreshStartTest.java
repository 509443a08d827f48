package dev.shears.eval.tune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.shears.FashionSplits;
import dev.shears.io.LoadedModel;
import dev.shears.io.ModelLoader;
import dev.shears.io.SampleLocations;
import dev.shears.pruning.recipes.PruningSpecJson;
import dev.shears.pruning.service.PruningResult;
import dev.shears.pruning.service.PruningService;
import dev.shears.task.Cancellation;
import dev.shears.task.ProgressListener;
import java.util.List;
import java.util.Optional;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInitRelu;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/** Training a pruned bn-cnn from scratch starts from the configuration's initialisation, not its weights. */
class FreshStartTest {
    @Test
    void reinitWithZeroEpochsGivesFreshWeightsAtTheConfiguredInitScale() throws Exception {
        LoadedModel original = ModelLoader.load(SampleLocations.sampleModel("bn-cnn"));
        PruningResult pruned = new PruningService(Optional.of(FashionSplits.validation())).run(original,
                PruningSpecJson.read("{\"version\": 1, \"mode\": \"structured\", \"scope\": \"global\","
                        + " \"criterion\": \"bn-gamma\", \"ratio\": 0.5}"), ProgressListener.NONE, Cancellation.none());
        FineTuner tuner = new FineTuner(FashionSplits.train(), FashionSplits.validation(), 10);

        FineTuneResult fresh = tuner.tune(pruned.network(), List.of(), FineTuneSettings.defaults(0).withReinit(true),
                FineTuneListener.NONE, Cancellation.none());

        MultiLayerNetwork before = (MultiLayerNetwork) pruned.network();
        MultiLayerNetwork after = (MultiLayerNetwork) fresh.network();
        assertThat(after.numParams()).as("the pruned architecture").isEqualTo(before.numParams());
        // every weight tensor: ReLU init N(0, 2/fanIn), the samples' configured scheme; pooled after
        // scaling each by its expected deviation, the ~120k weights have deviation 1 to well within 2 %
        double sumSquares = 0;
        long count = 0;
        long unchanged = 0;
        for (int i = 0; i < after.getLayers().length; i++) {
            Layer layer = after.getLayer(i);
            if (!(layer.conf().getLayer() instanceof FeedForwardLayer ff) || !layer.paramTable().containsKey("W")) {
                continue;
            }
            assertThat(((BaseLayer) ff).getWeightInitFn()).isInstanceOf(WeightInitRelu.class);
            double[] w = layer.getParam("W").castTo(DataType.DOUBLE).ravel().toDoubleVector();
            double[] old = before.getLayer(i).getParam("W").castTo(DataType.DOUBLE).ravel().toDoubleVector();
            long fanIn = w.length / ff.getNOut();
            double expectedStd = Math.sqrt(2.0 / fanIn);
            for (int k = 0; k < w.length; k++) {
                sumSquares += (w[k] / expectedStd) * (w[k] / expectedStd);
                unchanged += w[k] == old[k] ? 1 : 0;
            }
            count += w.length;
        }
        assertThat(count).isGreaterThan(100_000);
        assertThat(unchanged).as("weights equal to the pruned ones").isZero();
        assertThat(Math.sqrt(sumSquares / count)).isCloseTo(1.0, within(0.02));
        // BatchNorm starts at γ = 1, β = 0 as configured, not at the trained scales
        assertThat(GammaMagnitudes.of(after).values()).containsOnly(1.0);
        assertThat(GammaMagnitudes.of(before).values()).doesNotContain(1.0);
        assertThat(fresh.bestEpoch()).isZero();
        assertThat(fresh.baseline().accuracy()).as("an untrained network guesses").isLessThan(0.3);
    }
}
