package dev.shears.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import dev.shears.analysis.TensorStatistics;
import dev.shears.model.ImageGeometry;
import dev.shears.model.ImageLayout;
import dev.shears.model.LayerKind;
import dev.shears.model.LayerNode;
import dev.shears.model.NetworkGraph;
import dev.shears.model.ParamTensor;
import dev.shears.model.TensorShape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OnnxGraphReaderTest {
    @TempDir
    Path temp;

    static OnnxNetwork network(String fixture) throws Exception {
        return OnnxGraphReader.read(OnnxModel.read(OnnxModelTest.FIXTURES.resolve(fixture)));
    }

    private record Row(String name, LayerKind kind, TensorShape output, long params, long macs) {
        static Row of(LayerNode n) {
            return new Row(n.name(), n.kind(), n.outputShape(), n.paramCount(), n.macs());
        }
    }

    @Test
    void theFashionCnnHasItsLayersParametersAndMacsCountedByHand() throws Exception {
        NetworkGraph graph = network("fashion_cnn.onnx").graph();

        // conv: |W|·H·W; BatchNorm: one per output element; dense: |W| (as MacCounter counts DL4J layers)
        assertThat(graph.nodes().stream().map(Row::of).toList()).containsExactly(
                new Row("input", LayerKind.INPUT, TensorShape.of(1, 28, 28), 0, 0),
                new Row("/conv1/Conv", LayerKind.CONVOLUTION, TensorShape.of(8, 28, 28), 8 * 9 + 8, 8 * 9 * 28 * 28),
                new Row("/bn1/BatchNormalization", LayerKind.BATCH_NORMALIZATION, TensorShape.of(8, 28, 28), 4 * 8,
                        8 * 28 * 28),
                new Row("/Relu", LayerKind.ACTIVATION, TensorShape.of(8, 28, 28), 0, 0),
                new Row("/MaxPool", LayerKind.POOLING, TensorShape.of(8, 14, 14), 0, 0),
                new Row("/conv2/Conv", LayerKind.CONVOLUTION, TensorShape.of(16, 14, 14), 16 * 8 * 9 + 16,
                        16 * 8 * 9 * 14 * 14),
                new Row("/bn2/BatchNormalization", LayerKind.BATCH_NORMALIZATION, TensorShape.of(16, 14, 14), 4 * 16,
                        16 * 14 * 14),
                new Row("/Relu_1", LayerKind.ACTIVATION, TensorShape.of(16, 14, 14), 0, 0),
                new Row("/MaxPool_1", LayerKind.POOLING, TensorShape.of(16, 7, 7), 0, 0),
                new Row("/Flatten", LayerKind.PREPROCESSOR, TensorShape.of(784), 0, 0),
                new Row("/fc/Gemm", LayerKind.DENSE, TensorShape.of(10), 784 * 10 + 10, 784 * 10));
        assertThat(graph.totalParams()).isEqualTo(9194);
        assertThat(graph.totalMacs()).isEqualTo(56448 + 6272 + 225792 + 3136 + 7840);
        assertThat(graph.outputs()).containsExactly("/fc/Gemm");
        assertThat(graph.input().image()).contains(new ImageGeometry(1, 28, 28, ImageLayout.CHW));
    }

    /**
     * Parameters are every floating-point initializer and Constant tensor, except those that set an
     * op up rather than weigh activations (Clip bounds, Resize scales); the totals are counted by hand.
     */
    @ParameterizedTest
    @CsvSource({"fashion_cnn.onnx, 9194", "resnet_se.onnx, 20806", "mobilenet_block.onnx, 1485",
        "inception_block.onnx, 5772", "erf_branch.onnx, 429", "gemm_se.onnx, 314", "nhwc_input.onnx, 196", "opset9_constants.onnx, 475",
        "external_data.onnx, 196", "channel_constants.onnx, 1338", "nhwc_flatten.onnx, 797", "blocked_ops.onnx, 614"})
    void parametersAreTheWeighingConstants(String fixture, long byHand) throws Exception {
        OnnxNetwork network = network(fixture);
        OnnxModel model = network.model();
        Set<String> settings = new HashSet<>();
        for (NodeProto node : model.proto().getGraph().getNodeList()) {
            if (Set.of("Clip", "Resize").contains(node.getOpType())) {
                settings.addAll(node.getInputList().subList(1, node.getInputCount()));
            }
        }
        long weighing = 0;
        for (String name : model.constantNames()) {
            TensorProto tensor = model.constant(name).orElseThrow();
            if (tensor.getDataType() == TensorProto.DataType.FLOAT_VALUE && !settings.contains(name)) {
                weighing += model.shape(name).elements();
            }
        }

        assertThat(network.graph().totalParams()).isEqualTo(weighing).isEqualTo(byHand);
    }

    @Test
    void gemmWeightsAreDenseInputsByOutputsAndSayTheyAreStoredTransposed() throws Exception {
        OnnxNetwork network = network("fashion_cnn.onnx");
        ParamTensor w = network.graph().node("/fc/Gemm").orElseThrow().params().get(0);

        assertThat(w.key()).isEqualTo("W");
        assertThat(w.shape()).isEqualTo(TensorShape.of(784, 10));
        assertThat(network.model().shape("fc.weight")).isEqualTo(TensorShape.of(10, 784));
        assertThat(network.binding("/fc/Gemm", "W")).contains(new ParamBinding("/fc/Gemm", "W", "fc.weight",
                StoredLayout.TRANSPOSED, false));
        assertThat(network.binding("/fc/Gemm", "b")).contains(new ParamBinding("/fc/Gemm", "b", "fc.bias",
                StoredLayout.AS_IS, false));
        assertThat(network.storedValues("/fc/Gemm", "W")).containsExactly(network.model().floats("fc.weight"));
    }

    @Test
    void parameterStatisticsAreThoseOfTheStoredValues() throws Exception {
        OnnxNetwork network = network("fashion_cnn.onnx");
        List<ParamTensor> bn = network.graph().node("/bn1/BatchNormalization").orElseThrow().params();

        assertThat(bn.stream().map(ParamTensor::key)).containsExactly("gamma", "beta", "mean", "var");
        assertThat(bn.get(0).stats()).isEqualTo(TensorStatistics.of(network.model().floats("bn1.weight")));
        assertThat(bn.get(3).stats()).isEqualTo(TensorStatistics.of(network.model().floats("bn1.running_var")));
        assertThat(bn.get(3).stats().count()).isEqualTo(8);
    }

    @Test
    void aDepthwiseConvHasDl4jDepthwiseWeightsBoundToItsOnnxLayout() throws Exception {
        OnnxNetwork network = network("mobilenet_block.onnx");
        LayerNode depthwise = network.graph().node("/block/depthwise/Conv").orElseThrow();

        assertThat(depthwise.kind()).isEqualTo(LayerKind.DEPTHWISE_CONVOLUTION);
        assertThat(depthwise.params().get(0).shape()).isEqualTo(TensorShape.of(3, 3, 32, 1));
        assertThat(network.model().shape("block.depthwise.weight")).isEqualTo(TensorShape.of(32, 1, 3, 3));
        assertThat(network.binding("/block/depthwise/Conv", "W").orElseThrow().layout())
                .isEqualTo(StoredLayout.DEPTHWISE);
        assertThat(depthwise.macs()).isEqualTo(32L * 9 * 8 * 8);
    }

    @Test
    void weightsInConstantNodesAreParametersBoundToThoseNodes() throws Exception {
        OnnxNetwork network = network("opset9_constants.onnx");

        assertThat(network.bindings()).containsExactly(
                new ParamBinding("conv", "W", "conv_w", StoredLayout.AS_IS, true),
                new ParamBinding("conv", "b", "conv_b", StoredLayout.AS_IS, true),
                new ParamBinding("fc", "W", "fc_w", StoredLayout.TRANSPOSED, true),
                new ParamBinding("fc", "b", "fc_b", StoredLayout.AS_IS, true));
        assertThat(network.graph().nodes().stream().map(LayerNode::name))
                .containsExactly("input", "conv", "relu", "dropout", "flatten", "fc", "identity");
        assertThat(network.graph().node("dropout").orElseThrow().kind()).isEqualTo(LayerKind.DROPOUT);
    }

    @Test
    void aBiasFreeMatMulIsADenseLayerAndUnsqueezeIsAPreprocessorWithItsOnnxName() throws Exception {
        OnnxNetwork network = network("gemm_se.onnx");
        LayerNode fc = network.graph().node("/fc/MatMul").orElseThrow();

        assertThat(Row.of(fc)).isEqualTo(new Row("/fc/MatMul", LayerKind.DENSE, TensorShape.of(3), 12, 12));
        assertThat(fc.params().get(0).shape()).isEqualTo(TensorShape.of(4, 3));
        assertThat(network.binding("/fc/MatMul", "W").orElseThrow().layout()).isEqualTo(StoredLayout.AS_IS);
        assertThat(network.graph().node("/HardSwish").orElseThrow().kind()).isEqualTo(LayerKind.ACTIVATION);
        LayerNode unsqueeze = network.graph().node("/Unsqueeze_1").orElseThrow();
        assertThat(List.of(unsqueeze.kind(), unsqueeze.typeName(), unsqueeze.outputShape()))
                .containsExactly(LayerKind.PREPROCESSOR, "Unsqueeze", TensorShape.of(8, 1, 1));
    }

    @Test
    void aChannelsLastInputIsAnHwcImage() throws Exception {
        NetworkGraph graph = network("nhwc_input.onnx").graph();

        assertThat(graph.input().shape()).isEqualTo(TensorShape.of(8, 8, 3));
        assertThat(graph.input().image()).contains(new ImageGeometry(3, 8, 8, ImageLayout.HWC));
        assertThat(graph.node("/Transpose").orElseThrow().outputShape()).isEqualTo(TensorShape.of(3, 8, 8));
    }

    @Test
    void opsShowTheirOnnxTypeEvenWhereThePruningEngineKnowsADl4jEquivalent() throws Exception {
        NetworkGraph graph = network("inception_block.onnx").graph();

        assertThat(graph.nodes().stream().map(n -> n.name() + " " + n.kind() + " " + n.typeName()).toList())
                .containsExactly("input INPUT Input", "/Sub ELEMENT_WISE Sub", "/Pad OTHER_LAYER Pad",
                        "/stem/Conv CONVOLUTION Conv", "/LeakyRelu ACTIVATION LeakyRelu",
                        "/branch1/Conv CONVOLUTION Conv", "/Tanh ACTIVATION Tanh",
                        "/branch3_reduce/Conv CONVOLUTION Conv", "/Relu ACTIVATION Relu",
                        "/branch3/Conv CONVOLUTION Conv", "/Pad_1 OTHER_LAYER Pad",
                        "/AveragePool POOLING AveragePool", "/branch_pool/Conv CONVOLUTION Conv",
                        "/Concat_1 MERGE Concat", "/prelu/PRelu ACTIVATION PRelu", "/mix/Conv CONVOLUTION Conv",
                        "/MaxPool POOLING MaxPool", "/Flatten PREPROCESSOR Flatten",
                        "/fc/Gemm DENSE Gemm");
        assertThat(graph.node("/Flatten").orElseThrow().description())
                .isEqualTo("Flatten [8, 8, 8] → [512], channel-major");
        assertThat(graph.node("/Pad_1").orElseThrow().description())
                .isEqualTo("Pad top 1 left 1 bottom 1 right 1 with zeros");
    }

    @Test
    void aCycleIsNamed() throws Exception {
        OnnxModel model = OnnxModel.read(OnnxModelTest.FIXTURES.resolve("opset9_constants.onnx"));
        ModelProto.Builder proto = model.proto().toBuilder();
        // relu reads the identity at the end of the graph, which depends on relu
        proto.getGraphBuilder().getNodeBuilderList().stream().filter(n -> n.getName().equals("relu")).findFirst()
                .orElseThrow().setInput(0, "output");
        Path file = Files.write(temp.resolve("cycle.onnx"), proto.build().toByteArray());

        assertThatThrownBy(() -> OnnxGraphReader.read(OnnxModel.read(file))).isInstanceOf(OnnxFormatException.class)
                .hasMessage("cycle.onnx is not a valid ONNX model: its nodes feed each other in a cycle.");
    }

    @Test
    void nodesComeInTopologicalOrder() throws Exception {
        for (String fixture : List.of("resnet_se.onnx", "inception_block.onnx", "mobilenet_block.onnx")) {
            Set<String> seen = new HashSet<>();
            for (LayerNode node : network(fixture).graph().nodes()) {
                assertThat(seen).as(fixture + " before " + node.name()).containsAll(node.inputs());
                seen.add(node.name());
            }
        }
    }
}
