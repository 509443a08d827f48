package dev.shears.eval.tune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.shears.FashionSplits;
import dev.shears.eval.EvaluationResult;
import dev.shears.eval.Evaluator;
import dev.shears.io.Dl4jBackend;
import dev.shears.io.LoadedModel;
import dev.shears.io.ModelLoader;
import dev.shears.io.SampleLocations;
import dev.shears.pruning.plan.TensorMask;
import dev.shears.pruning.plan.UnstructuredPlan;
import dev.shears.pruning.recipes.PruningSpecJson;
import dev.shears.pruning.service.PruningResult;
import dev.shears.pruning.service.PruningService;
import dev.shears.task.Cancellation;
import dev.shears.task.ProgressListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.deeplearning4j.nn.api.Model;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fine-tuning the trained lenet-300-100 after 90 % of its weights are zeroed (global magnitude):
 * one-shot, that costs ~30 points of validation accuracy, and one epoch on 2000 images wins most of it back.
 */
class FineTunerTest {
    private static final FineTuneSettings QUICK = FineTuneSettings.defaults(1).withTrainImages(2000);
    private static FineTuner tuner;
    private static LoadedModel original;
    private static PruningResult pruned;
    private static float[] prunedFc1;

    @BeforeAll
    static void pruneLenet() throws Exception {
        tuner = new FineTuner(FashionSplits.train(), FashionSplits.validation(), 10);
        original = ModelLoader.load(SampleLocations.sampleModel("lenet-300-100"));
        pruned = new PruningService(Optional.of(FashionSplits.validation())).run(original,
                PruningSpecJson.read("{\"version\": 1, \"mode\": \"unstructured\", \"scope\": \"global\","
                        + " \"criterion\": \"l1\", \"ratio\": 0.9}"), ProgressListener.NONE, Cancellation.none());
        prunedFc1 = values(pruned.network(), "fc1", "W");
    }

    @Test
    void maskedWeightsStayExactlyZeroWhileTheOthersTrain() throws Exception {
        FineTuneResult result = tuner.tune(pruned, QUICK, FineTuneListener.NONE, Cancellation.none());

        List<TensorMask> masks = ((UnstructuredPlan) pruned.plan()).masks();
        int changed = 0;
        for (TensorMask mask : masks) {
            float[] tuned = values(result.network(), mask.layer(), mask.param());
            for (int i : mask.prunedIndices()) {
                assertThat(tuned[i]).as("%s/%s[%d]", mask.layer(), mask.param(), i).isEqualTo(0f);
            }
            float[] before = values(pruned.network(), mask.layer(), mask.param());
            for (int i = 0; i < tuned.length; i++) {
                if (!mask.isPruned(i) && tuned[i] != before[i]) {
                    changed++;
                }
            }
        }
        assertThat(result.bestEpoch()).as("the epoch beat the pruned start").isEqualTo(1);
        assertThat(changed).as("surviving weights trained").isGreaterThan(20_000);
        assertThat(values(pruned.network(), "fc1", "W")).as("the caller's network is untouched").isEqualTo(prunedFc1);
    }

    @Test
    void fineTuningWinsBackMostOfWhatOneShotPruningLost() throws Exception {
        List<FineTuneProgress> points = new ArrayList<>();

        FineTuneResult result = tuner.tune(pruned, QUICK, points::add, Cancellation.none());

        EvaluationResult reevaluated = Evaluator.evaluate(result.network(), tuner.validation());
        assertThat(result.baseline().accuracy()).as("one-shot").isLessThan(0.7);
        assertThat(result.best().accuracy()).as("fine-tuned").isGreaterThan(result.baseline().accuracy() + 0.15)
                .isEqualTo(reevaluated.accuracy());
        assertThat(result.cancelled()).isFalse();
        assertThat(result.epochsCompleted()).isEqualTo(1);
        assertThat(result.history()).singleElement().satisfies(e -> {
            assertThat(e.learningRate()).isEqualTo(FineTuneSettings.DEFAULT_LEARNING_RATE);
            assertThat(e.validationAccuracy()).isEqualTo(result.best().accuracy());
            assertThat(e.trainLoss()).isPositive().isFinite();
        });
        assertThat(points).last().satisfies(p -> {
            assertThat(p.epochEnd()).isTrue();
            assertThat(p.fraction()).isEqualTo(1.0);
            assertThat(p.validation()).isPresent();
        });
        assertThat(points).extracting(FineTuneProgress::fraction).isSorted();
        System.out.printf("fine-tune lenet-300-100 at 90 %% sparsity: validation %.4f -> %.4f in %.1f s%n",
                result.baseline().accuracy(), result.best().accuracy(), result.seconds());
    }

    @Test
    void cancellingMidwayReturnsTheBestCheckpointSoFar() throws Exception {
        Cancellation cancellation = new Cancellation();
        FineTuneSettings settings = FineTuneSettings.defaults(3).withTrainImages(2000).withValidateEveryBatches(5);
        List<FineTuneProgress> validated = new ArrayList<>();

        FineTuneResult result = tuner.tune(pruned, settings, p -> {
            if (p.validation().isPresent()) {
                validated.add(p);
                if (validated.size() == 2) {
                    cancellation.cancel();
                }
            }
        }, cancellation);

        assertThat(result.cancelled()).isTrue();
        assertThat(result.epochsCompleted()).isZero();
        assertThat(result.history()).isEmpty();
        double bestSeen = Math.max(result.baseline().accuracy(), validated.stream()
                .mapToDouble(p -> p.validation().orElseThrow().accuracy()).max().orElseThrow());
        assertThat(result.best().accuracy()).isEqualTo(bestSeen);
        assertThat(Evaluator.evaluate(result.network(), tuner.validation()).accuracy()).isEqualTo(bestSeen);
    }

    @Test
    void theRecoveryRateDefaultsToATenthOfTheTrainingRate() throws Exception {
        assertThat(FineTuneSettings.recoveryRate(1e-3)).isEqualTo(1e-4);
        assertThat(FineTuneSettings.defaults(2).learningRate()).isEqualTo(1e-4);
        FineTuneSettings two = FineTuneSettings.defaults(2);
        assertThat(two.learningRateAt(1)).isEqualTo(1e-4);
        assertThat(two.learningRateAt(2)).isCloseTo(0.5e-4, within(1e-12));
    }

    static float[] values(Model network, String layer, String param) {
        return Dl4jBackend.of(network).paramValues(layer, param);
    }
}
