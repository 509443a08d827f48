package dev.shears.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.shears.analysis.DependencyAnalyzer;
import dev.shears.data.DataSource;
import dev.shears.engine.OrtEngine;
import dev.shears.io.ModelData;
import dev.shears.io.SampleLocations;
import dev.shears.model.ChannelGroup;
import dev.shears.model.ChannelGroups;
import dev.shears.onnx.OnnxFiles;
import dev.shears.onnx.OnnxGraphReader;
import dev.shears.onnx.OnnxNetwork;
import dev.shears.onnx.OnnxSurgeon;
import dev.shears.onnx.OnnxWeights;
import dev.shears.onnx.ReaderMaskCut;
import dev.shears.pruning.Amount;
import dev.shears.pruning.CriterionName;
import dev.shears.pruning.Scope;
import dev.shears.pruning.criteria.L1Criterion;
import dev.shears.pruning.plan.PruningPlan;
import dev.shears.pruning.planning.GroupRule;
import dev.shears.pruning.planning.Planner;
import dev.shears.pruning.planning.StructuredSettings;
import dev.shears.task.Cancellation;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The scan of an ONNX file — the trained Fashion-MNIST CNN exported by PyTorch (batch size fixed to
 * 1) — on the first 300 Fashion-MNIST test images: planned on the ONNX graph, reported under
 * its node names, every point scored as the plan's zeroed model scores.
 */
class SensitivityOnnxScanTest {
    private static final int IMAGES = 300;
    private static final SensitivitySettings SETTINGS = SensitivitySettings.defaults().withImages(IMAGES)
            .withRatios(List.of(0.5, 0.9));
    private static OnnxNetwork cnn;
    private static DataSource validation;
    private static SensitivityScan.Scan scan;

    @BeforeAll
    static void scanTheCnn() throws Exception {
        cnn = OnnxFiles.open(Path.of(System.getProperty("shears.repo", "."), "src/test/resources/onnx/fashion_cnn.onnx"));
        // the Fashion-MNIST test images as the CNN takes them, [1, 28, 28]
        validation = ModelData.openSpec(ModelData.specFor(SampleLocations.fashionMnistFolder()), cnn.graph().input());
        assertThat(SensitivityScan.unsuitable(cnn.graph(), validation)).isEmpty();
        scan = SensitivityScan.scan(new SensitivityTarget.Onnx(cnn), validation, SETTINGS, SensitivityShard.WHOLE,
                (f, m) -> { }, Cancellation.none());
    }

    @Test
    void scansEveryPrunableGroupUnderItsOnnxNodeName() {
        SensitivityResult result = scan.result();

        assertThat(scan.engine()).isEqualTo(OrtEngine.NAME);
        assertThat(scan.cells()).isEqualTo(4);
        assertThat(result.groups()).containsExactly("/conv1/Conv", "/conv2/Conv");
        assertThat(result.skipped()).containsOnlyKeys("/fc/Gemm");
        assertThat(result.rows("/conv1/Conv")).extracting(SensitivityRow::layers).containsOnly(
                List.of("/conv1/Conv", "/bn1/BatchNormalization", "/conv2/Conv"));
        assertThat(result.rows("/conv2/Conv")).extracting(SensitivityRow::keptChannels).containsExactly(8, 2);
        assertThat(scan.notes()).isEmpty();
    }

    @Test
    void baselineIsWhatEvalMeasuresOnTheSameImages() throws Exception {
        AccuracyEstimate expected;
        try (OrtEngine engine = new OrtEngine(ReaderMaskCut.runnable(cnn.model()).toByteArray())) {
            expected = Evaluator.evaluate(engine, validation.first(IMAGES), 1, e -> { }, Cancellation.none());
        }

        assertThat(scan.result().images()).isEqualTo(IMAGES);
        assertThat(scan.result().baseline().accuracy()).isEqualTo(expected.accuracy());
        assertThat(scan.result().baseline().loss()).isCloseTo(expected.meanLoss(), within(1e-9));
        assertThat(scan.result().baseline().params()).isEqualTo(9_194);
    }

    @Test
    void everyPointScoresAsThePlansZeroedModelAndCountsTheShrunkModelsParameters() throws Exception {
        ChannelGroups groups = DependencyAnalyzer.analyze(cnn.graph());
        SensitivityZeroedPoints zeroed = new SensitivityZeroedPoints(cnn, new SensitivityRuns(
                ReaderMaskCut.runnable(cnn.model()), validation.first(IMAGES)));
        for (SensitivityRow row : scan.result().rows()) {
            ChannelGroup group = groups.named(row.group()).orElseThrow();
            PruningPlan plan = Planner.plan(cnn.graph(), groups, new OnnxWeights(cnn), new StructuredSettings(
                    Scope.PER_LAYER, GroupRule.of(new L1Criterion(), Amount.ratio(row.ratio())), Map.of(),
                    groups.prunable().stream().map(ChannelGroup::name).filter(n -> !n.equals(group.name()))
                            .collect(Collectors.toSet())));
            AccuracyEstimate[] reference = new AccuracyEstimate[1];
            zeroed.measure(group, List.of(plan), Cancellation.none(), (i, e) -> reference[0] = e);

            assertThat(row.accuracy()).as(row.group() + " −" + row.ratio()).isEqualTo(reference[0].accuracy());
            assertThat(row.loss()).as(row.group() + " −" + row.ratio()).isCloseTo(reference[0].meanLoss(), within(1e-5));
            assertThat(row.params()).isEqualTo(OnnxGraphReader.read(OnnxSurgeon.shrink(cnn, plan)).graph().totalParams());
        }
        assertThat(scan.result().rows()).anyMatch(r -> r.accuracy() < scan.result().baseline().accuracy() - 0.1);
    }

    @Test
    void taylorIsRefusedBecauseOnnxRuntimeGivesNoGradients() {
        assertThatThrownBy(() -> SensitivityScan.scan(new SensitivityTarget.Onnx(cnn), validation,
                SETTINGS.withCriterion(CriterionName.TAYLOR), SensitivityShard.WHOLE, (f, m) -> { },
                Cancellation.none()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'taylor' needs gradients");
    }
}
