package dev.shears.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import dev.shears.analysis.DependencyAnalyzer;
import dev.shears.model.ChannelGroups;
import dev.shears.model.ParamTensor;
import dev.shears.pruning.Amount;
import dev.shears.pruning.CriterionName;
import dev.shears.pruning.Scope;
import dev.shears.pruning.criteria.Criteria;
import dev.shears.pruning.plan.PruningPlan;
import dev.shears.pruning.planning.GroupRule;
import dev.shears.pruning.planning.Planner;
import dev.shears.pruning.planning.StructuredSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Structured surgery on every fixture with prunable groups, for every criterion that needs only
 * weights, two amounts and both scopes: ONNX Runtime finds the shrunk model computing what the
 * masked one computes, the file is smaller, it reads back with the planned parameter count, and the
 * original model is untouched.
 */
class OnnxSurgeryTest {
    static final List<String> PRUNABLE_FIXTURES = List.of("fashion_cnn.onnx", "resnet_se.onnx",
            "mobilenet_block.onnx", "inception_block.onnx", "erf_branch.onnx", "gemm_se.onnx", "nhwc_input.onnx",
            "opset9_constants.onnx", "external_data.onnx", "channel_constants.onnx", "nhwc_flatten.onnx",
            "blocked_ops.onnx", "shared_biases.onnx");
    private static final List<String> WITH_BATCH_NORM = List.of("fashion_cnn.onnx", "resnet_se.onnx",
            "mobilenet_block.onnx");
    private static final int EXAMPLES = 4;

    @TempDir
    Path temp;

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (String fixture : PRUNABLE_FIXTURES) {
            List<CriterionName> criteria = new ArrayList<>(List.of(CriterionName.L1, CriterionName.L2,
                    CriterionName.FPGM, CriterionName.RANDOM));
            if (WITH_BATCH_NORM.contains(fixture)) {
                criteria.add(CriterionName.BN_GAMMA);
            }
            for (CriterionName criterion : criteria) {
                for (double ratio : new double[] {0.3, 0.7}) {
                    for (Scope scope : Scope.values()) {
                        cases.add(Arguments.of(fixture, criterion, ratio, scope));
                    }
                }
            }
        }
        return cases.stream();
    }

    static PruningPlan plan(OnnxNetwork network, CriterionName criterion, double ratio, Scope scope) {
        ChannelGroups groups = DependencyAnalyzer.analyze(network.graph());
        StructuredSettings settings = new StructuredSettings(scope, GroupRule.of(
                Criteria.structured(criterion, 42, () -> {
                    throw new AssertionError("taylor needs gradients");
                }), Amount.ratio(ratio)), Map.of(), Set.of());
        return Planner.plan(network.graph(), groups, new OnnxWeights(network), settings);
    }

    static long params(OnnxNetwork network) {
        return network.graph().nodes().stream().flatMap(n -> n.params().stream()).mapToLong(ParamTensor::count).sum();
    }

    @ParameterizedTest(name = "{0} {1} {2} {3}")
    @MethodSource("cases")
    void theShrunkModelComputesWhatTheMaskedModelComputes(String fixture, CriterionName criterion, double ratio,
                                                          Scope scope) throws Exception {
        Path source = OnnxModelTest.FIXTURES.resolve(fixture);
        OnnxModel original = OnnxModel.read(source);
        OnnxNetwork network = OnnxGraphReader.read(original);
        PruningPlan plan = plan(network, criterion, ratio, scope);
        assertThat(plan.after().params()).isLessThan(plan.before().params());

        OnnxModel shrunk = OnnxSurgeon.shrink(network, plan);
        OnnxModel masked = OnnxMasker.masked(network, plan);

        float[] inputs = OnnxInference.gaussianInputs(original, EXAMPLES, 7);
        assertThat(OnnxEquivalence.maxDifference(shrunk, masked, inputs, EXAMPLES))
                .isLessThanOrEqualTo(OnnxEquivalence.TOLERANCE);
        // and the judge can tell: pruning changed what the model computes
        assertThat(OnnxEquivalence.maxDifference(original, masked, inputs, EXAMPLES))
                .isGreaterThan(OnnxEquivalence.TOLERANCE);

        Path written = temp.resolve(fixture);
        shrunk.write(written);
        if (fixture.equals("external_data.onnx")) {
            // untouched tensors stay in the external file, so compare what the models hold in all
            Files.copy(source.resolveSibling("external_data.bin"), temp.resolve("external_data.bin"));
            assertThat(shrunk.selfContained().toByteArray().length)
                    .isLessThan(original.selfContained().toByteArray().length);
        } else {
            assertThat(Files.size(written)).isLessThan(Files.size(source));
        }
        OnnxNetwork reread = OnnxGraphReader.read(OnnxModel.read(written));
        assertThat(params(reread)).isEqualTo(plan.after().params());
        assertThat(params(OnnxGraphReader.read(masked))).isEqualTo(plan.before().params());

        assertThat(original.toByteArray()).isEqualTo(Files.readAllBytes(source));
        assertOnlyPrunedTensorsAndGroupsChanged(original, shrunk);
    }

    private static NodeProto withoutAttribute(NodeProto node, String name) {
        NodeProto.Builder builder = node.toBuilder().clearAttribute();
        node.getAttributeList().stream().filter(a -> !a.getName().equals(name)).forEach(builder::addAttribute);
        return builder.build();
    }

    /**
     * Every node is as it was, except a depthwise Conv's group, the value of a Constant node holding
     * sliced weights, and the input of an Identity that hands a shared tensor to a layer cut otherwise
     * (it reads a copy of its own, added after the other initializers); every initializer keeps its
     * name and place, and those the plan does not touch keep their bytes.
     */
    private static void assertOnlyPrunedTensorsAndGroupsChanged(OnnxModel original, OnnxModel shrunk) {
        List<NodeProto> before = original.proto().getGraph().getNodeList();
        List<NodeProto> after = shrunk.proto().getGraph().getNodeList();
        assertThat(after).hasSameSizeAs(before);
        for (int i = 0; i < before.size(); i++) {
            String free = switch (before.get(i).getOpType()) {
                case "Conv" -> "group";
                case "Constant" -> "value";
                default -> "";
            };
            NodeProto expected = before.get(i);
            if (original.isAlias(expected.getOutput(0))) {
                expected = expected.toBuilder().setInput(0, after.get(i).getInput(0)).build();
            }
            assertThat(withoutAttribute(after.get(i), free)).isEqualTo(withoutAttribute(expected, free));
        }
        List<TensorProto> initializersBefore = original.proto().getGraph().getInitializerList();
        List<TensorProto> initializersAfter = shrunk.proto().getGraph().getInitializerList();
        List<String> copies = after.stream().filter(n -> original.isAlias(n.getOutput(0))).map(n -> n.getInput(0))
                .filter(input -> !original.isConstant(input)).toList();
        assertThat(initializersAfter.stream().map(TensorProto::getName).toList()).isEqualTo(Stream.concat(
                initializersBefore.stream().map(TensorProto::getName), copies.stream()).toList());
        for (int i = 0; i < initializersBefore.size(); i++) {
            TensorProto b = initializersBefore.get(i);
            TensorProto a = initializersAfter.get(i);
            if (a.getDimsList().equals(b.getDimsList())) {
                assertThat(a).isEqualTo(b);
            }
        }
        assertThat(shrunk.proto().getGraph().getInputList()).isEqualTo(original.proto().getGraph().getInputList());
        assertThat(shrunk.proto().getGraph().getOutputList()).isEqualTo(original.proto().getGraph().getOutputList());
        assertThat(shrunk.proto().toBuilder().clearGraph().build())
                .isEqualTo(original.proto().toBuilder().clearGraph().build());
    }
}
