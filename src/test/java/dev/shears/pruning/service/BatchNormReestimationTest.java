package dev.shears.pruning.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shears.FashionSplits;
import dev.shears.data.DataSource;
import dev.shears.data.Examples;
import dev.shears.eval.Evaluator;
import dev.shears.io.LoadedModel;
import dev.shears.io.ModelBackend;
import dev.shears.io.ModelLoader;
import dev.shears.io.SampleLocations;
import dev.shears.pruning.planning.PreviewPlanner;
import dev.shears.pruning.recipes.PruningSpec;
import dev.shears.pruning.recipes.PruningSpecJson;
import dev.shears.task.Cancellation;
import dev.shears.task.ProgressListener;
import java.io.IOException;
import java.util.Optional;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Re-estimating BatchNorm statistics after pruning, on the real bn-cnn and Fashion-MNIST. */
class BatchNormReestimationTest {
    /** The panel's default target before this existed: one ranking, cap 80 %, half of the channels. */
    private static final PruningSpec HALF_OF_CHANNELS = PruningSpecJson.read("{\"version\": 1, \"mode\":"
            + " \"structured\", \"scope\": \"global\", \"criterion\": \"l1\", \"ratio\": 0.5, \"maxLayerRatio\": 0.8}");
    private static LoadedModel bnCnn;
    private static ModelBackend pruned;

    @BeforeAll
    static void prune() throws IOException {
        bnCnn = ModelLoader.load(SampleLocations.sampleModel("bn-cnn"));
        PreviewPlanner planner = new PreviewPlanner(bnCnn.backend(), () -> {
            throw new IllegalStateException("l1 measures nothing");
        });
        pruned = planner.forEvaluation(planner.plan(HALF_OF_CHANNELS));
    }

    @Test
    void eachBatchNormHoldsTheMeanAndVarianceDl4jItselfFeedsItOnTheExamples() throws IOException {
        DataSource examples = FashionSplits.train().first(512); // fewer than asked: all of them are used
        ModelBackend reestimated = BatchNormReestimation.reestimate(pruned, examples, 1024, ProgressListener.NONE,
                Cancellation.none());

        MultiLayerNetwork network = (MultiLayerNetwork) reestimated.trainable().orElseThrow();
        Examples batch = examples.read(0, examples.size());
        INDArray features = Nd4j.create(batch.features(), batch.batchShape());
        java.util.List<INDArray> activations = network.feedForward(features, false);
        MultiLayerNetwork before = (MultiLayerNetwork) pruned.trainable().orElseThrow();
        for (String bn : new String[] {"bn1", "bn2", "bn3"}) {
            int index = network.getLayer(bn).getIndex();
            assertThat(network.getLayerWiseConfigurations().getInputPreProcess(index)).isNull();
            // the output of the layer before it, summed in double as the re-estimation does (float sums of
            // 400,000 values drift by 1e-3)
            INDArray input = activations.get(index).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE);
            float[] mean = input.mean(0, 2, 3).toFloatVector();
            float[] variance = input.var(false, 0, 2, 3).toFloatVector();

            float[] heldMean = network.getLayer(bn).getParam("mean").toFloatVector();
            float[] heldLog10Std = network.getLayer(bn).getParam("log10stdev").toFloatVector();
            float[] oldMean = before.getLayer(bn).getParam("mean").toFloatVector();
            double moved = 0;
            for (int c = 0; c < mean.length; c++) {
                assertThat(heldMean[c]).as(bn + " mean of channel " + c).isCloseTo(mean[c],
                        org.assertj.core.data.Offset.offset(1e-4f + 1e-4f * Math.abs(mean[c])));
                double heldVariance = Math.pow(10, 2 * heldLog10Std[c]);
                assertThat(heldVariance).as(bn + " variance of channel " + c).isCloseTo(variance[c],
                        org.assertj.core.data.Offset.offset(1e-4 + 1e-3 * variance[c]));
                moved = Math.max(moved, Math.abs(heldMean[c] - oldMean[c]));
            }
            if (!bn.equals("bn1")) { // bn1 reads conv1, whose kept filters are unchanged; later ones see pruned inputs
                assertThat(moved).as(bn + ": the largest change of a channel's mean").isGreaterThan(0.01);
            }
        }
    }

    @Test
    void reestimatingWinsBackMuchOfWhatHalfOfBnCnnsChannelsCost() throws IOException {
        DataSource validation = FashionSplits.validation().first(2000);
        double before = Evaluator.evaluate(pruned, validation).accuracy();
        ModelBackend reestimated = BatchNormReestimation.reestimate(pruned, FashionSplits.train(),
                BatchNormReestimation.DEFAULT_EXAMPLES, ProgressListener.NONE, Cancellation.none());
        double after = Evaluator.evaluate(reestimated, validation).accuracy();

        // measured: 44.1 % → 66.6 % on these 2,000 images
        assertThat(after).isGreaterThan(before + 0.15);
        assertThat(pruned.graph().totalParams()).isEqualTo(reestimated.graph().totalParams());
    }

    @Test
    void aModelWithoutBatchNormIsReturnedAsItIs() throws IOException {
        ModelBackend lenet = ModelLoader.load(SampleLocations.sampleModel("lenet-5")).backend();
        assertThat(BatchNormReestimation.applies(lenet)).isFalse();
        assertThat(BatchNormReestimation.reestimate(lenet, FashionSplits.train(), 64, ProgressListener.NONE,
                Cancellation.none())).isSameAs(lenet);
    }

    @Test
    void aRecipeThatReestimatesIsRefusedWithoutTrainingDataInASentence() {
        PruningSpec spec = HALF_OF_CHANNELS.withBatchNormExamples(256);
        assertThatThrownBy(() -> new PruningService(Optional.of(FashionSplits.validation().first(256)))
                .run(bnCnn, spec, ProgressListener.NONE, Cancellation.none()))
                .isInstanceOf(IOException.class).hasMessage(BatchNormReestimation.NEEDS_TRAINING_DATA);
    }

    @Test
    void applyingARecipeThatReestimatesGivesTheReestimatedNetworkAndItStillPassesItsChecks() throws IOException {
        PruningSpec spec = HALF_OF_CHANNELS.withBatchNormExamples(512);
        PruningResult result = new PruningService(Optional.of(FashionSplits.validation().first(256)),
                Optional.of(FashionSplits.train())).run(bnCnn, spec, ProgressListener.NONE, Cancellation.none());

        assertThat(result.report().equivalent()).isTrue();
        ModelBackend direct = BatchNormReestimation.reestimate(pruned, FashionSplits.train(), 512,
                ProgressListener.NONE, Cancellation.none());
        for (String bn : new String[] {"bn1", "bn2", "bn3"}) {
            assertThat(result.model().paramValues(bn, "mean")).containsExactly(direct.paramValues(bn, "mean"));
            assertThat(result.model().paramValues(bn, "log10stdev"))
                    .containsExactly(direct.paramValues(bn, "log10stdev"));
        }
        assertThat(result.model().paramValues("bn3", "mean")).isNotEqualTo(pruned.paramValues("bn3", "mean"));
        assertThat(PruningSpecJson.read(PruningSpecJson.write(spec)).batchNormExamples()).isEqualTo(512);
    }
}
