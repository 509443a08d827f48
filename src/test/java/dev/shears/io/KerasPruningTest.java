package dev.shears.io;

import static dev.shears.io.KerasFixtures.FUNCTIONAL;
import static dev.shears.io.KerasFixtures.SEQUENTIAL;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.analysis.DependencyAnalyzer;
import dev.shears.model.ActivationSlice;
import dev.shears.model.ChannelGroup;
import dev.shears.model.ChannelGroups;
import dev.shears.model.ImageGeometry;
import dev.shears.model.ImageLayout;
import dev.shears.model.ModelInput;
import dev.shears.model.ParamSlice;
import dev.shears.model.SliceRole;
import dev.shears.pruning.equivalence.Equivalence;
import dev.shears.pruning.impact.Impact;
import dev.shears.pruning.impact.ImpactModel;
import dev.shears.pruning.plan.PruningPlan;
import dev.shears.pruning.recipes.PruningSpecJson;
import dev.shears.pruning.reports.PruningReport;
import dev.shears.pruning.service.PruningResult;
import dev.shears.pruning.service.PruningService;
import dev.shears.task.Cancellation;
import dev.shears.task.ProgressListener;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Structured pruning of imported Keras models: channels-last flatten, residual Add and Concatenate.
 * The service proves the shrunk network equals the masked original; the result saves as a DL4J zip
 * that ModelLoader opens again.
 */
class KerasPruningTest {
    private static final String L1_30_PERCENT = "{\"version\": 1, \"criterion\": \"l1\", \"ratio\": 0.3}";

    @TempDir
    Path dir;

    @Test
    void aChannelBehindAChannelsLastFlattenIsEveryCthDenseInput() throws Exception {
        ChannelGroups groups = DependencyAnalyzer.analyze(ModelLoader.load(KerasFixtures.model(SEQUENTIAL)).graph());

        ChannelGroup conv2 = group(groups, "conv2d_1");
        // Keras flattens [6, 6, 16] as h·6·16 + w·16 + c: channel c is input c, c + 16, … of 36 positions
        assertThat(conv2.params()).contains(new ParamSlice("dense", "W", 0, 0, 1, SliceRole.INPUT, 16, 36));
        assertThat(conv2.activations()).contains(new ActivationSlice("dense/preprocessor", 0, 1, 16, 36));
        assertThat(conv2.prunable()).isTrue();
    }

    @Test
    void sequentialCnnPrunesThirtyPercentOfChannelsAndReloadsAsDl4jZip() throws Exception {
        LoadedModel model = ModelLoader.load(KerasFixtures.model(SEQUENTIAL));

        PruningResult result = prune(model);

        PruningReport report = result.report();
        // a channels-last 28×28 grey input takes Fashion-MNIST; this service has none
        assertThat(report.checkInputs()).isEqualTo("2 seeded random inputs of shape [28, 28, 1] (no validation data chosen)");
        assertEquivalentAndChanged(report);
        // floor(30 %) per group: conv2d 8 → 6, conv2d_1 16 → 12, dense 32 → 23; dense_1 is the output.
        // conv2d 3·3·1·6 + 6 = 60, BN 4·6 = 24, conv2d_1 3·3·6·12 + 12 = 660, BN 4·12 = 48,
        // dense 6·6·12·23 + 23 = 9959, dense_1 23·10 + 10 = 240: 10991
        assertThat(report.before().params()).isEqualTo(20138);
        assertThat(report.after().params()).isEqualTo(10991);
        assertThat(result.network().numParams()).isEqualTo(10991);
        // MACs: conv2d 9·1·6·26·26 = 36504, BN 6·26·26 = 4056, conv2d_1 9·6·12·13·13 = 109512,
        // BN 12·13·13 = 2028, dense 432·23 = 9936, dense_1 23·10 = 230: 162266
        assertThat(report.after().macs()).isEqualTo(162266);
        // the app's live preview counts the same from the channel groups (repeats included)
        ChannelGroups groups = DependencyAnalyzer.analyze(model.graph());
        Impact preview = ImpactModel.of(model.graph(), groups)
                .structured(removedPerGroup((PruningPlan) result.plan(), groups.groups().size()));
        assertThat(preview.paramsAfter()).isEqualTo(10991);
        assertThat(preview.macsAfter()).isEqualTo(162266);
        assertReloads(result, SEQUENTIAL, 10991, new ImageGeometry(1, 28, 28, ImageLayout.HWC));
    }

    @Test
    void functionalModelPrunesAcrossTheResidualAddAndTheConcatenation() throws Exception {
        LoadedModel model = ModelLoader.load(KerasFixtures.model(FUNCTIONAL));
        ChannelGroups groups = DependencyAnalyzer.analyze(model.graph());
        // the Add joins conv2d's and conv2d_1's channels; the concatenation keeps its inputs apart
        assertThat(group(groups, "conv2d").producers()).containsExactly("conv2d", "conv2d_1");
        assertThat(group(groups, "conv2d_3").params()).contains(new ParamSlice("dense", "W", 0, 8, 1,
                SliceRole.INPUT));

        PruningResult result = prune(model);

        PruningReport report = result.report();
        assertThat(report.checkInputs()).startsWith("2 seeded random inputs of shape [32, 32, 3]");
        assertEquivalentAndChanged(report);
        // residual group 8 → 6, conv2d_2 8 → 6, conv2d_3 4 → 3; dense is the output.
        // conv2d 3·3·3·6 + 6 = 168, conv2d_1 3·3·6·6 + 6 = 330, BN 4·6 = 24, conv2d_2 6·6 + 6 = 42,
        // conv2d_3 3·3·6·3 + 3 = 165, dense (6 + 3)·10 + 10 = 100: 829
        assertThat(report.before().params()).isEqualTo(1334);
        assertThat(report.after().params()).isEqualTo(829);
        assertThat(result.network().numParams()).isEqualTo(829);
        // a DL4J zip does not record the image size: the reader assumes ImageNet's 224×224 for 3 channels
        assertReloads(result, FUNCTIONAL, 829, new ImageGeometry(3, 224, 224, ImageLayout.HWC));
    }

    private static int[] removedPerGroup(PruningPlan plan, int groupCount) {
        int[] removed = new int[groupCount];
        plan.groups().forEach(g -> removed[g.group().id()] = g.removedCount());
        return removed;
    }

    private static PruningResult prune(LoadedModel model) throws Exception {
        return new PruningService(Optional.empty()).run(model, PruningSpecJson.read(L1_30_PERCENT),
                ProgressListener.NONE, Cancellation.none());
    }

    private static void assertEquivalentAndChanged(PruningReport report) {
        assertThat(report.equivalent()).isTrue();
        assertThat(report.equivalence().orElseThrow().maxAbsDifference())
                .isLessThanOrEqualTo(Equivalence.TOLERANCE);
        assertThat(report.outputChange().maxAbsDifference()).as("pruning changed the output").isGreaterThan(1e-6);
    }

    /** Saved as a DL4J zip and opened again: same size, same outputs, still channels last. */
    private void assertReloads(PruningResult result, String fixture, long params, ImageGeometry guessedInput)
            throws Exception {
        Path zip = dir.resolve(fixture + "-pruned.zip");
        ModelFiles.save(result.network(), zip);

        LoadedModel reloaded = ModelLoader.load(zip);

        assertThat(reloaded.network().numParams()).isEqualTo(params);
        assertThat(reloaded.graph().totalParams()).isEqualTo(params);
        assertThat(reloaded.graph().input()).isEqualTo(ModelInput.images(guessedInput, true));
        INDArray inputs = KerasFixtures.inputs(fixture);
        assertThat(KerasFixtures.maxAbsDifference(KerasFixtures.output(reloaded.network(), inputs),
                KerasFixtures.output(result.network(), inputs))).isLessThanOrEqualTo(1e-6);
    }

    private static ChannelGroup group(ChannelGroups groups, String name) {
        return groups.groups().stream().filter(g -> g.name().equals(name)).findFirst().orElseThrow();
    }
}
