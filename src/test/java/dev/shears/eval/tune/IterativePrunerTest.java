package dev.shears.eval.tune;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.FashionSplits;
import dev.shears.io.LoadedModel;
import dev.shears.io.ModelLoader;
import dev.shears.io.SampleLocations;
import dev.shears.pruning.plan.TensorMask;
import dev.shears.pruning.recipes.PruningSpecJson;
import dev.shears.pruning.reports.FineTuneSummary;
import dev.shears.pruning.reports.LayerReport;
import dev.shears.pruning.reports.PruningReport;
import dev.shears.pruning.service.PruningService;
import dev.shears.task.Cancellation;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Prune → fine-tune cycles on the trained lenet-300-100, one short epoch (1000 images) per step. */
class IterativePrunerTest {
    private static final FineTuneSettings QUICK = FineTuneSettings.defaults(1).withTrainImages(1000);
    private static final String GLOBAL_MAGNITUDE_92 = "{\"version\": 1, \"mode\": \"unstructured\","
            + " \"scope\": \"global\", \"criterion\": \"l1\", \"ratio\": 0.92}";
    private static IterativePruner pruner;
    private static LoadedModel lenet;

    @BeforeAll
    static void load() throws Exception {
        FineTuner tuner = new FineTuner(FashionSplits.train(), FashionSplits.validation(), 10);
        pruner = new IterativePruner(new PruningService(Optional.of(FashionSplits.validation())), tuner);
        lenet = ModelLoader.load(SampleLocations.sampleModel("lenet-300-100"));
    }

    @Test
    void unstructuredAgpReachesTheTargetSparsityExactlyAndKeepsEveryMaskedWeightAtZero() throws Exception {
        IterativeResult result = pruner.run(lenet, PruningSpecJson.read(GLOBAL_MAGNITUDE_92), 3, QUICK,
                IterativeListener.NONE, Cancellation.none());

        long weights = result.heldMasks().stream().mapToLong(TensorMask::size).sum();
        long pruned = result.heldMasks().stream().mapToLong(TensorMask::prunedCount).sum();
        assertThat(weights).as("fc1, fc2 and output W").isEqualTo(784 * 300 + 300 * 100 + 100 * 10);
        assertThat(pruned).isEqualTo((long) Math.floor(0.92 * weights));
        for (TensorMask mask : result.heldMasks()) {
            float[] values = FineTunerTest.values(result.network(), mask.layer(), mask.param());
            for (int i : mask.prunedIndices()) {
                assertThat(values[i]).isEqualTo(0f);
            }
        }
        assertThat(result.steps()).extracting(IterativeResult.Step::targetRatio)
                .containsExactlyElementsOf(AgpSchedule.of(0.92, 3).targets());
        assertThat(result.steps().stream().map(IterativeResult.Step::achievedRatio).toList())
                .containsExactlyElementsOf(AgpSchedule.of(0.92, 3).targets().stream()
                        .map(s -> (double) (long) Math.floor(s * weights) / weights).toList());
        PruningReport report = result.report();
        assertThat(report.after().params()).isEqualTo(report.before().params() - pruned);
        assertThat(report.provenance().recipe().amount()).hasToString("Ratio[value=0.92]");
        FineTuneSummary summary = report.fineTune().orElseThrow();
        assertThat(summary.schedule()).isEqualTo("agp");
        assertThat(summary.steps()).hasSize(3).allSatisfy(s -> assertThat(s.epochs()).hasSize(1));
        assertThat(summary.finalValidationAccuracy()).isEqualTo(result.finalValidation().accuracy())
                .isGreaterThan(0.8);
        assertThat(result.cancelled()).isFalse();
        System.out.printf("agp 3 steps to 92 %%: validation %.4f -> %.4f%n", summary.originalValidationAccuracy(),
                summary.finalValidationAccuracy());
    }

    @Test
    void structuredStepsKeepTheScheduledFractionOfTheOriginalChannels() throws Exception {
        IterativeResult result = pruner.run(lenet, PruningSpecJson.read("{\"version\": 1, \"scope\": \"global\","
                + " \"criterion\": \"l1\", \"ratio\": 0.5}"), 2, QUICK.withEpochs(0), IterativeListener.NONE,
                Cancellation.none());

        PruningReport report = result.report();
        long hidden = report.layers().stream().filter(l -> !l.name().equals("output"))
                .mapToLong(LayerReport::channelsAfter).sum();
        assertThat(hidden).as("half of fc1 + fc2's 400 units").isEqualTo(200);
        assertThat(result.steps().get(0).achievedRatio()).as("s_1 = 0.5 (1 - 1/8), 175 of 400 units")
                .isEqualTo(0.4375);
        assertThat(result.steps().get(1).achievedRatio()).isEqualTo(0.5);
        assertThat(report.layers().get(0).channelsBefore()).isEqualTo(300);
        assertThat(report.equivalent()).isTrue();
        assertThat(result.network().numParams()).isEqualTo(report.storedParams()).isLessThan(lenet.network()
                .numParams());
    }

    @Test
    void everyStepRanksByTheRecipesGroupImportance() throws Exception {
        IterativeResult result = pruner.run(lenet, PruningSpecJson.read("{\"version\": 1, \"scope\": \"global\","
                + " \"criterion\": \"l1\", \"importance\": \"group-mean\", \"ratio\": 0.5}"), 2, QUICK.withEpochs(0),
                IterativeListener.NONE, Cancellation.none());

        assertThat(result.steps()).hasSize(2);
        for (IterativeResult.Step step : result.steps()) {
            assertThat(step.pruning().report().provenance().recipe().importance()).as("step " + step.step())
                    .isEqualTo(dev.shears.pruning.criteria.Importance.GROUP_MEAN);
        }
        assertThat(result.steps().get(1).achievedRatio()).isEqualTo(0.5);
    }

    @Test
    void cancellingDuringAStepReturnsThatStepsBestCheckpoint() throws Exception {
        Cancellation cancellation = new Cancellation();

        IterativeResult result = pruner.run(lenet, PruningSpecJson.read(GLOBAL_MAGNITUDE_92), 3,
                QUICK.withValidateEveryBatches(4), p -> {
                    if (p.step() == 2 && p.tuning().isPresent()) {
                        cancellation.cancel();
                    }
                }, cancellation);

        assertThat(result.cancelled()).isTrue();
        assertThat(result.stepsCompleted()).isEqualTo(2);
        assertThat(result.steps().get(1).tuning().cancelled()).as("step 2 was being tuned").isTrue();
        long pruned = result.heldMasks().stream().mapToLong(TensorMask::prunedCount).sum();
        assertThat(pruned).as("pruned to s_2").isEqualTo((long) Math.floor(AgpSchedule.of(0.92, 3).sparsityAt(2)
                * 266_200));
        assertThat(result.report().fineTune().orElseThrow().cancelled()).isTrue();
        assertThat(result.finalValidation().accuracy()).isGreaterThanOrEqualTo(
                result.steps().get(1).tuning().baseline().accuracy());
        List<TensorMask> masks = result.heldMasks();
        for (TensorMask mask : masks) {
            float[] values = FineTunerTest.values(result.network(), mask.layer(), mask.param());
            for (int i : mask.prunedIndices()) {
                assertThat(values[i]).isEqualTo(0f);
            }
        }
    }
}
