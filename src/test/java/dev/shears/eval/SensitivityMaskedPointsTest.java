package dev.shears.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.onnx.proto.OnnxMl.ModelProto;
import dev.shears.analysis.DependencyAnalyzer;
import dev.shears.data.DataFit;
import dev.shears.data.DataSource;
import dev.shears.data.Examples;
import dev.shears.data.RandomInputs;
import dev.shears.model.ChannelGroup;
import dev.shears.model.ChannelGroups;
import dev.shears.model.NetworkGraph;
import dev.shears.model.TensorShape;
import dev.shears.onnx.OnnxFiles;
import dev.shears.onnx.OnnxNetwork;
import dev.shears.onnx.OnnxWeights;
import dev.shears.onnx.ParamBinding;
import dev.shears.onnx.ReaderMaskCut;
import dev.shears.pruning.Amount;
import dev.shears.pruning.Scope;
import dev.shears.pruning.criteria.L1Criterion;
import dev.shears.pruning.plan.PruningPlan;
import dev.shears.pruning.planning.GroupRule;
import dev.shears.pruning.planning.Planner;
import dev.shears.pruning.planning.StructuredSettings;
import dev.shears.task.Cancellation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Masking a group's readers (one cut model, a mask per plan) scores every plan exactly as zeroing the
 * plan's weights in a model of its own does ({@code OnnxMasker}, the proven stand-in for surgery), on
 * every ONNX fixture with prunable groups: residual adds, squeeze-excitation, depthwise blocks,
 * concatenations, Gemm and MatMul readers, Constant-node weights, external data, NHWC input.
 */
class SensitivityMaskedPointsTest {
    private static final int EXAMPLES = 96;
    private static final List<Double> RATIOS = List.of(0.25, 0.5, 0.75);

    @ParameterizedTest
    @ValueSource(strings = {"fashion_cnn", "resnet_se", "mobilenet_block", "inception_block", "gemm_se", "erf_branch",
        "opset9_constants", "external_data", "nhwc_input"})
    void maskingTheReadersScoresEveryPlanAsZeroingItsWeights(String fixture) throws Exception {
        OnnxNetwork network = OnnxFiles.open(Path.of(System.getProperty("shears.repo", "."),
                "src/test/resources/onnx/" + fixture + ".onnx"));
        NetworkGraph graph = network.graph();
        DataSource data = new SeededExamples(graph.input().shape(), DataFit.classes(graph), EXAMPLES);
        ModelProto model = ReaderMaskCut.runnable(network.model());
        SensitivityRuns runs = new SensitivityRuns(model, data);
        SensitivityMaskedPoints masked = new SensitivityMaskedPoints(model, graph, (layer, key) -> network
                .binding(layer, key).map(ParamBinding::tensor), runs, new SensitivityZeroedPoints(network, runs));
        SensitivityZeroedPoints zeroed = new SensitivityZeroedPoints(network, runs);
        ChannelGroups groups = DependencyAnalyzer.analyze(graph);
        List<ChannelGroup> prunable = groups.prunable();
        assertThat(prunable).isNotEmpty();

        assertThat(masked.baseline(Cancellation.none()).correct())
                .isEqualTo(zeroed.baseline(Cancellation.none()).correct());
        for (ChannelGroup group : prunable) {
            List<PruningPlan> plans = plans(graph, groups, network, group);
            AccuracyEstimate[] fast = measure(masked, group, plans);
            AccuracyEstimate[] reference = measure(zeroed, group, plans);
            for (int i = 0; i < plans.size(); i++) {
                assertThat(fast[i].correct()).as(group.name() + " plan " + i).isEqualTo(reference[i].correct());
                assertThat(fast[i].meanLoss()).as(group.name() + " plan " + i)
                        .isCloseTo(reference[i].meanLoss(), within(1e-5));
            }
        }
        assertThat(masked.notes()).as("every group was cut, none measured plan by plan").isEmpty();
    }

    private static AccuracyEstimate[] measure(SensitivityPoints points, ChannelGroup group, List<PruningPlan> plans)
            throws Exception {
        AccuracyEstimate[] estimates = new AccuracyEstimate[plans.size()];
        points.measure(group, plans, Cancellation.none(), (i, e) -> estimates[i] = e);
        return estimates;
    }

    /** The group alone at each ratio that removes something. */
    private static List<PruningPlan> plans(NetworkGraph graph, ChannelGroups groups, OnnxNetwork network,
                                           ChannelGroup group) {
        List<PruningPlan> plans = new ArrayList<>();
        for (double ratio : RATIOS) {
            PruningPlan plan = Planner.plan(graph, groups, new OnnxWeights(network), new StructuredSettings(
                    Scope.PER_LAYER, GroupRule.of(new L1Criterion(), Amount.ratio(ratio)), Map.of(),
                    groups.prunable().stream().map(ChannelGroup::name).filter(n -> !n.equals(group.name()))
                            .collect(Collectors.toSet())));
            if (plan.group(group.name()).orElseThrow().removedCount() > 0) {
                plans.add(plan);
            }
        }
        return plans;
    }

    /** {@link RandomInputs} (standard-normal examples of the model's input shape) with seeded random labels. */
    static final class SeededExamples implements DataSource {
        private final RandomInputs inputs;
        private final int[] labels;

        SeededExamples(TensorShape shape, int classes, int count) {
            inputs = new RandomInputs(shape, count);
            Random random = new Random(20_240_601L);
            labels = new int[count];
            for (int i = 0; i < count; i++) {
                labels[i] = random.nextInt(classes);
            }
        }

        @Override
        public String name() {
            return "seeded examples";
        }

        @Override
        public int size() {
            return labels.length;
        }

        @Override
        public TensorShape exampleShape() {
            return inputs.exampleShape();
        }

        @Override
        public List<String> classNames() {
            return List.of();
        }

        @Override
        public boolean labelled() {
            return true;
        }

        @Override
        public String fingerprint() {
            return "seeded";
        }

        @Override
        public Examples read(int[] indices) {
            Examples features = inputs.read(indices);
            int[] picked = new int[indices.length];
            for (int i = 0; i < indices.length; i++) {
                picked[i] = labels[indices[i]];
            }
            return Examples.labelled(features.features(), features.exampleShape(), picked);
        }
    }
}
