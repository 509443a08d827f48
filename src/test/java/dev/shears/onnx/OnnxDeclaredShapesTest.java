package dev.shears.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import dev.shears.pruning.CriterionName;
import dev.shears.pruning.Scope;
import dev.shears.pruning.plan.PruningPlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Declared shapes follow the cut: value_info of intermediate tensors takes the new channel and
 * feature counts with its symbolic batch dimension kept, and a graph input that declares an
 * initializer (as IR &lt; 4 files do) takes the initializer's new dimensions.
 */
class OnnxDeclaredShapesTest {
    @TempDir
    Path temp;

    private static ValueInfoProto.Builder declared(String name, Object... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (Object d : dims) {
            shape.addDim(d instanceof String symbol ? TensorShapeProto.Dimension.newBuilder().setDimParam(symbol)
                    : TensorShapeProto.Dimension.newBuilder().setDimValue(((Number) d).longValue()));
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(shape)));
    }

    private static List<Object> dims(ValueInfoProto info) {
        return info.getType().getTensorType().getShape().getDimList().stream()
                .map(d -> d.hasDimParam() ? (Object) d.getDimParam() : (Object) d.getDimValue()).toList();
    }

    @Test
    void valueInfoAndInitializerInputsTakeTheNewSizes() throws Exception {
        ModelProto.Builder proto = OnnxGraphReaderTest.network("fashion_cnn.onnx").model().proto().toBuilder();
        GraphProto.Builder graph = proto.getGraphBuilder();
        String conv2 = graph.getNodeList().stream().filter(n -> n.getName().equals("/conv2/Conv")).findFirst()
                .map(n -> n.getOutput(0)).orElseThrow();
        String flat = graph.getNodeList().stream().filter(n -> n.getOpType().equals("Flatten")).findFirst()
                .map(n -> n.getOutput(0)).orElseThrow();
        String gamma = graph.getNodeList().stream().filter(n -> n.getName().equals("/bn2/BatchNormalization"))
                .findFirst().map(n -> n.getInput(1)).orElseThrow();
        graph.addValueInfo(declared(conv2, "N", 16, 14, 14)).addValueInfo(declared(flat, "N", 784))
                .addInput(declared(gamma, 16));
        Path file = temp.resolve("declared.onnx");
        Files.write(file, proto.build().toByteArray());
        OnnxNetwork network = OnnxGraphReader.read(OnnxModel.read(file));
        PruningPlan plan = OnnxSurgeryTest.plan(network, CriterionName.L1, 0.5, Scope.PER_LAYER);

        OnnxModel shrunk = OnnxSurgeon.shrink(network, plan);

        GraphProto after = shrunk.proto().getGraph();
        assertThat(after.getValueInfoList()).extracting(OnnxDeclaredShapesTest::dims).containsExactly(
                List.of("N", 8L, 14L, 14L), List.of("N", 392L));
        assertThat(after.getInputList()).filteredOn(i -> i.getName().equals(gamma))
                .extracting(OnnxDeclaredShapesTest::dims).containsExactly(List.of(8L));
        assertThat(after.getOutputList()).isEqualTo(network.model().proto().getGraph().getOutputList());
        float[] inputs = OnnxInference.gaussianInputs(shrunk, 2, 5);
        assertThat(OnnxEquivalence.maxDifference(shrunk, OnnxMasker.masked(network, plan), inputs, 2))
                .isLessThanOrEqualTo(OnnxEquivalence.TOLERANCE);
        assertThat(after.getNodeList()).extracting(NodeProto::getName)
                .containsExactlyElementsOf(network.model().proto().getGraph().getNodeList().stream()
                        .map(NodeProto::getName).toList());
    }
}
