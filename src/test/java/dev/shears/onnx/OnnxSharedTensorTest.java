package dev.shears.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import dev.shears.analysis.DependencyAnalyzer;
import dev.shears.model.ChannelGroup;
import dev.shears.model.LayerNode;
import dev.shears.pruning.CriterionName;
import dev.shears.pruning.Scope;
import dev.shears.pruning.plan.GroupPlan;
import dev.shears.pruning.plan.PruningPlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * shared_biases.onnx: PyTorch stores the folded bias of three Convs once ("onnx::Conv_35", read by
 * conv1) and hands it to conv2 and conv3 through Identity nodes, as it does for every untrained
 * torchvision model. The Identity outputs are parameters bound to their own names; pruning the three
 * Convs differently gives each Identity a copy holding its Conv's kept channels.
 */
class OnnxSharedTensorTest {
    private static final String SHARED = "onnx::Conv_35";

    @Test
    void anIdentityOfAnInitializerIsAParameterOfTheLayerItFeedsNotALayer() throws Exception {
        OnnxNetwork network = OnnxGraphReaderTest.network("shared_biases.onnx");

        assertThat(network.graph().nodes().stream().map(LayerNode::name)).containsExactly("input", "/conv1/Conv",
                "/Relu", "/conv2/Conv", "/Relu_1", "/conv3/Conv", "/Relu_2", "/GlobalAveragePool", "/Flatten",
                "/fc/Gemm");
        Map<String, String> biases = network.bindings().stream().filter(b -> b.key().equals("b"))
                .collect(Collectors.toMap(ParamBinding::node, ParamBinding::tensor));
        assertThat(biases).containsEntry("/conv1/Conv", SHARED).containsEntry("/conv2/Conv", "onnx::Conv_38")
                .containsEntry("/conv3/Conv", "onnx::Conv_41");
        assertThat(network.model().isAlias("onnx::Conv_38")).isTrue();
        assertThat(network.storedValues("/conv3/Conv", "b")).containsExactly(network.model().floats(SHARED));
        assertThat(DependencyAnalyzer.analyze(network.graph()).groups().stream().filter(ChannelGroup::prunable)
                .map(ChannelGroup::name)).containsExactly("/conv1/Conv", "/conv2/Conv", "/conv3/Conv");
    }

    @Test
    void convsCutDifferentlyEachGetTheirKeptChannelsOfTheSharedBias() throws Exception {
        OnnxNetwork network = OnnxGraphReaderTest.network("shared_biases.onnx");
        PruningPlan plan = OnnxSurgeryTest.plan(network, CriterionName.L1, 0.5, Scope.PER_LAYER);
        float[] shared = network.model().floats(SHARED);

        OnnxModel shrunk = OnnxSurgeon.shrink(network, plan);

        for (String conv : List.of("/conv1/Conv", "/conv2/Conv", "/conv3/Conv")) {
            List<Integer> kept = plan.group(conv).map(GroupPlan::kept).orElseThrow();
            NodeProto node = shrunk.proto().getGraph().getNodeList().stream().filter(n -> n.getName().equals(conv))
                    .findFirst().orElseThrow();
            float[] expected = new float[kept.size()];
            for (int i = 0; i < expected.length; i++) {
                expected[i] = shared[kept.get(i)];
            }
            assertThat(shrunk.floats(node.getInput(2))).as(conv).containsExactly(expected);
        }
        assertThat(plan.group("/conv2/Conv").orElseThrow().kept())
                .isNotEqualTo(plan.group("/conv3/Conv").orElseThrow().kept());
        assertThat(shrunk.proto().getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("Identity"))
                .map(n -> n.getInput(0))).containsExactlyInAnyOrder("onnx::Conv_38_shears", "onnx::Conv_41_shears");
    }

    /** nhwc_input with an Identity handing the conv kernel to a graph output: that output keeps the whole kernel. */
    @Test
    void anIdentityHandingACutWeightToAnotherReaderGivesItTheOriginal(@TempDir Path temp) throws Exception {
        OnnxNetwork nhwc = OnnxGraphReaderTest.network("nhwc_input.onnx");
        String kernel = nhwc.binding("/conv/Conv", "W").orElseThrow().tensor();
        ModelProto.Builder proto = nhwc.model().proto().toBuilder();
        proto.getGraphBuilder().addNode(NodeProto.newBuilder().setOpType("Identity").setName("kernel_copy")
                .addInput(kernel).addOutput("kernel_copy"));
        proto.getGraphBuilder().addOutput(ValueInfoProto.newBuilder().setName("kernel_copy")
                .setType(nhwc.model().proto().getGraph().getOutput(0).getType()));
        Path file = Files.write(temp.resolve("kernel_output.onnx"), proto.build().toByteArray());
        OnnxNetwork network = OnnxGraphReader.read(OnnxModel.read(file));
        PruningPlan plan = OnnxSurgeryTest.plan(network, CriterionName.L1, 0.5, Scope.PER_LAYER);

        OnnxModel shrunk = OnnxSurgeon.shrink(network, plan);

        assertThat(shrunk.shape(kernel).dims()).containsExactly(3, 3, 3, 3);
        assertThat(shrunk.shape("kernel_copy").dims()).containsExactly(6, 3, 3, 3);
        assertThat(shrunk.floats("kernel_copy")).containsExactly(nhwc.model().floats(kernel));
    }
}
