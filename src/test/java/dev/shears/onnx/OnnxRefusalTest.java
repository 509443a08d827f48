package dev.shears.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import dev.shears.pruning.CriterionName;
import dev.shears.pruning.Scope;
import dev.shears.pruning.plan.PruningPlan;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What surgery refuses, with the sentence it gives, and the near cases it carries out. */
class OnnxRefusalTest {
    @TempDir
    Path temp;

    private OnnxNetwork changed(String name, ModelProto proto) throws Exception {
        Path file = temp.resolve(name);
        Files.write(file, proto.toByteArray());
        return OnnxGraphReader.read(OnnxModel.read(file));
    }

    @Test
    void aWeightTensorAlsoReadOutsideTheLayerIsRefused() throws Exception {
        OnnxNetwork nhwc = OnnxGraphReaderTest.network("nhwc_input.onnx");
        String kernel = nhwc.binding("/conv/Conv", "W").orElseThrow().tensor();
        ModelProto.Builder proto = nhwc.model().proto().toBuilder();
        // the kernel is also a graph output (an Identity handing it on would get a copy of its own instead)
        proto.getGraphBuilder().addOutput(ValueInfoProto.newBuilder().setName(kernel)
                .setType(nhwc.model().proto().getGraph().getOutput(0).getType()));
        OnnxNetwork network = changed("shared_kernel.onnx", proto.build());
        PruningPlan plan = OnnxSurgeryTest.plan(network, CriterionName.L1, 0.5, Scope.PER_LAYER);

        assertThatThrownBy(() -> OnnxSurgeon.shrink(network, plan)).isInstanceOf(OnnxPruningException.class)
                .hasMessage("The weight tensor " + kernel + " of /conv/Conv is also read elsewhere in the graph"
                        + " (2 reads, 1 as a layer parameter), so it cannot be sliced.");
        assertThatThrownBy(() -> OnnxMasker.masked(network, plan)).isInstanceOf(OnnxPruningException.class)
                .hasMessageEndingWith("so it cannot be masked.");
    }

    @Test
    void aTensorSharedByParametersWithTheSameCutIsCutOnce() throws Exception {
        ModelProto.Builder proto = OnnxGraphReaderTest.network("fashion_cnn.onnx").model().proto().toBuilder();
        for (NodeProto.Builder node : proto.getGraphBuilder().getNodeBuilderList()) {
            if (node.getName().equals("/bn2/BatchNormalization")) {
                node.setInput(2, node.getInput(1)); // beta := gamma, both cut with the channels of /conv2/Conv
            }
        }
        OnnxNetwork network = changed("shared_scale.onnx", proto.build());
        String scale = network.binding("/bn2/BatchNormalization", "gamma").orElseThrow().tensor();
        assertThat(network.binding("/bn2/BatchNormalization", "beta").orElseThrow().tensor()).isEqualTo(scale);
        PruningPlan plan = OnnxSurgeryTest.plan(network, CriterionName.L1, 0.5, Scope.PER_LAYER);

        OnnxModel shrunk = OnnxSurgeon.shrink(network, plan);

        assertThat(shrunk.shape(scale).dims()).containsExactly(8);
        float[] inputs = OnnxInference.gaussianInputs(shrunk, 2, 13);
        assertThat(OnnxEquivalence.maxDifference(shrunk, OnnxMasker.masked(network, plan), inputs, 2))
                .isLessThanOrEqualTo(OnnxEquivalence.TOLERANCE);
    }

    /** fashion_cnn with its Flatten replaced by a Reshape to [1, features], its target shape "flat_shape". */
    private OnnxNetwork withReshape(long features, boolean alsoReadElsewhere) throws Exception {
        ModelProto original = OnnxGraphReaderTest.network("fashion_cnn.onnx").model().proto();
        ModelProto.Builder proto = original.toBuilder();
        GraphProto.Builder graph = proto.getGraphBuilder();
        for (NodeProto.Builder node : graph.getNodeBuilderList()) {
            if (node.getOpType().equals("Flatten")) {
                node.setOpType("Reshape").clearAttribute().addInput("flat_shape");
            }
        }
        graph.addInitializer(TensorProto.newBuilder().setName("flat_shape")
                .setDataType(TensorProto.DataType.INT64_VALUE).addDims(2).addInt64Data(1).addInt64Data(features));
        if (alsoReadElsewhere) {
            graph.addNode(NodeProto.newBuilder().setOpType("Neg").setName("shape_negated").addInput("flat_shape")
                    .addOutput("shape_negated"));
            graph.addOutput(ValueInfoProto.newBuilder().setName("shape_negated").setType(TypeProto.newBuilder()
                    .setTensorType(TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.INT64_VALUE))));
        }
        return changed("reshape_" + features + "_" + alsoReadElsewhere + ".onnx", proto.build());
    }

    @ParameterizedTest
    @ValueSource(longs = {784, -1})
    void aFlatteningReshapeIsShrunkThroughItsTargetShapeGettingTheNewFeatureCount(long features) throws Exception {
        OnnxNetwork network = withReshape(features, false);
        PruningPlan plan = OnnxSurgeryTest.plan(network, CriterionName.L1, 0.5, Scope.PER_LAYER);
        assertThat(plan.group("/conv2/Conv").orElseThrow().removedCount()).isEqualTo(8);

        OnnxModel shrunk = OnnxSurgeon.shrink(network, plan);

        assertThat(shrunk.longs("flat_shape")).containsExactly(1, features < 0 ? -1 : 8 * 49);
        float[] inputs = OnnxInference.gaussianInputs(shrunk, 3, 11);
        assertThat(OnnxEquivalence.maxDifference(shrunk, OnnxMasker.masked(network, plan), inputs, 3))
                .isLessThanOrEqualTo(OnnxEquivalence.TOLERANCE);
        assertThat(OnnxSurgeryTest.params(OnnxGraphReader.read(shrunk))).isEqualTo(plan.after().params());
    }

    @Test
    void aFeatureCountInATargetShapeOtherNodesReadIsRefused() throws Exception {
        OnnxNetwork network = withReshape(784, true);
        PruningPlan plan = OnnxSurgeryTest.plan(network, CriterionName.L1, 0.5, Scope.PER_LAYER);

        assertThatThrownBy(() -> OnnxSurgeon.shrink(network, plan)).isInstanceOf(OnnxPruningException.class)
                .hasMessage("The Reshape /Flatten shares its target shape flat_shape with other nodes, so the feature"
                        + " count in it cannot be changed.");
    }
}
