package dev.shears.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.model.LayerKind;
import dev.shears.model.LayerNode;
import dev.shears.model.NetworkGraph;
import dev.shears.model.ParamTensor;
import dev.shears.model.TensorShape;
import dev.shears.samples.SampleArchitectures;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.ZeroPaddingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/** NetworkGraph built from freshly initialised sample architectures (random weights, no files). */
class NetworkGraphReaderTest {

    static List<String> sampleNames() {
        return SampleArchitectures.NAMES;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sampleNames")
    void totalParamsEqualDl4jParamCount(String name) {
        Model net = SampleArchitectures.build(name, 42, 1e-3);

        NetworkGraph graph = NetworkGraphReader.read(net);

        assertThat(graph.totalParams()).isEqualTo(net.numParams());
        assertThat(graph.totalMacs()).isPositive();
        assertThat(graph.inputShapeAssumed()).isFalse();
        assertThat(graph.nodes()).extracting(LayerNode::name).doesNotHaveDuplicates();
        assertThat(graph.outputs()).containsExactly("output");
        assertThat(graph.node("output").orElseThrow().outputShape()).isEqualTo(TensorShape.of(10));
    }

    @Test
    void lenet5MacsMatchAHandCount() {
        NetworkGraph graph = NetworkGraphReader.read(SampleArchitectures.build("lenet-5", 42, 1e-3));

        // MacCounter: every weight once per output position; biases, pooling and activations are free.
        // conv1: 20 filters of 5x5x1 over a 24x24 output (28 - 5 + 1, no padding): 24*24*20*25
        long conv1 = 24L * 24 * 20 * 25;           //   288,000
        // pool1 halves to 12x12; conv2: 50 filters of 5x5x20 over an 8x8 output (12 - 5 + 1): 8*8*50*20*25
        long conv2 = 8L * 8 * 50 * 20 * 25;        // 1,600,000
        // pool2 halves to 4x4; flatten 50*4*4 = 800 inputs; fc1: 800*500
        long fc1 = 800L * 500;                     //   400,000
        // output: 500*10
        long output = 500L * 10;                   //     5,000
        assertThat(conv1 + conv2 + fc1 + output).isEqualTo(2_293_000L);

        assertThat(macs(graph, "conv1")).isEqualTo(conv1);
        assertThat(macs(graph, "pool1")).isZero();
        assertThat(macs(graph, "conv2")).isEqualTo(conv2);
        assertThat(macs(graph, "pool2")).isZero();
        assertThat(macs(graph, "fc1")).isEqualTo(fc1);
        assertThat(macs(graph, "output")).isEqualTo(output);
        assertThat(graph.totalMacs()).isEqualTo(2_293_000L);
    }

    @Test
    void lenet300100MacsAreTheDenseWeightCounts() {
        NetworkGraph graph = NetworkGraphReader.read(SampleArchitectures.build("lenet-300-100", 42, 1e-3));

        // 784*300 + 300*100 + 100*10
        assertThat(graph.totalMacs()).isEqualTo(235_200L + 30_000L + 1_000L);
    }

    @Test
    void lenet5NodesHaveTheirActivationShapesAndChain() {
        NetworkGraph graph = NetworkGraphReader.read(SampleArchitectures.build("lenet-5", 42, 1e-3));
        Map<String, LayerNode> nodes = graph.byName();

        assertThat(graph.modelType()).isEqualTo("MultiLayerNetwork");
        assertThat(nodes.keySet()).containsSubsequence("input", "conv1", "pool1", "conv2", "pool2",
                "fc1/preprocessor", "fc1", "output");
        assertThat(nodes.get("input").outputShape()).isEqualTo(TensorShape.of(784));
        assertThat(nodes.get("conv1").inputShape()).isEqualTo(TensorShape.of(1, 28, 28));
        assertThat(nodes.get("conv1").outputShape()).isEqualTo(TensorShape.of(20, 24, 24));
        assertThat(nodes.get("pool1").outputShape()).isEqualTo(TensorShape.of(20, 12, 12));
        assertThat(nodes.get("conv2").outputShape()).isEqualTo(TensorShape.of(50, 8, 8));
        assertThat(nodes.get("pool2").outputShape()).isEqualTo(TensorShape.of(50, 4, 4));

        LayerNode flatten = nodes.get("fc1/preprocessor");
        assertThat(flatten.kind()).isEqualTo(LayerKind.PREPROCESSOR);
        assertThat(flatten.inputs()).containsExactly("pool2");
        assertThat(flatten.inputShape()).isEqualTo(TensorShape.of(50, 4, 4));
        assertThat(flatten.outputShape()).isEqualTo(TensorShape.of(800));
        assertThat(nodes.get("fc1").inputs()).containsExactly("fc1/preprocessor");
        assertThat(nodes.get("fc1").outputShape()).isEqualTo(TensorShape.of(500));

        assertThat(nodes.get("conv1").kind()).isEqualTo(LayerKind.CONVOLUTION);
        assertThat(nodes.get("pool1").kind()).isEqualTo(LayerKind.POOLING);
        assertThat(nodes.get("fc1").kind()).isEqualTo(LayerKind.DENSE);
        assertThat(nodes.get("output").kind()).isEqualTo(LayerKind.OUTPUT);
        // conv W is [nOut, nIn, kH, kW]
        assertThat(param(nodes.get("conv2"), "W").shape()).isEqualTo(TensorShape.of(50, 20, 5, 5));
    }

    @Test
    void miniResnetIsATopologicallyOrderedGraphWithTwoInputAdds() {
        Model net = SampleArchitectures.build("mini-resnet", 42, 1e-3);
        assertThat(net).isInstanceOf(ComputationGraph.class);

        NetworkGraph graph = NetworkGraphReader.read(net);

        assertThat(graph.modelType()).isEqualTo("ComputationGraph");
        List<LayerNode> adds = graph.nodes().stream().filter(n -> n.kind() == LayerKind.ELEMENT_WISE).toList();
        assertThat(adds).extracting(LayerNode::name).containsExactly("block1_add", "block2_add", "block3_add");
        assertThat(adds).allSatisfy(add -> assertThat(add.inputs()).hasSize(2));
        assertThat(graph.node("block2_add").orElseThrow().inputs())
                .containsExactly("block2_conv2_bn", "block2_proj_bn");
        assertThat(graph.node("block1_add").orElseThrow().inputs())
                .containsExactly("block1_conv2_bn", "stem_pool");

        Map<String, Integer> position = new HashMap<>();
        for (int i = 0; i < graph.nodes().size(); i++) {
            position.put(graph.nodes().get(i).name(), i);
        }
        for (LayerNode node : graph.nodes()) {
            for (String input : node.inputs()) {
                assertThat(position).as("input %s of %s is a node", input, node.name()).containsKey(input);
                assertThat(position.get(input)).as("%s comes before its consumer %s", input, node.name())
                        .isLessThan(position.get(node.name()));
            }
        }

        Set<LayerKind> kinds = graph.nodes().stream().map(LayerNode::kind).collect(Collectors.toSet());
        assertThat(kinds).contains(LayerKind.INPUT, LayerKind.CONVOLUTION, LayerKind.BATCH_NORMALIZATION,
                LayerKind.ELEMENT_WISE, LayerKind.GLOBAL_POOLING, LayerKind.OUTPUT);

        // Same-mode convs keep 14x14 after the stem pool; block2 strides to 7x7 and widens to 48
        assertThat(graph.node("block1_add").orElseThrow().outputShape()).isEqualTo(TensorShape.of(24, 14, 14));
        assertThat(graph.node("block2_add").orElseThrow().outputShape()).isEqualTo(TensorShape.of(48, 7, 7));
        assertThat(graph.node("gap").orElseThrow().outputShape()).isEqualTo(TensorShape.of(48));
    }

    @Test
    void graphInputSizeIsGuessedThroughAZeroPaddingStem() {
        // ResNet-50 in DL4J's zoo starts input → ZeroPaddingLayer → conv; the file keeps no input type
        ComputationGraph net = new ComputationGraph(new NeuralNetConfiguration.Builder()
                .graphBuilder().addInputs("in")
                .addLayer("pad", new ZeroPaddingLayer(1, 1), "in")
                .addLayer("conv", new ConvolutionLayer.Builder(3, 3).nIn(3).nOut(4)
                        .build(), "pad")
                .addLayer("out", new GlobalPoolingLayer(), "conv")
                .setOutputs("out").build());
        net.init();

        NetworkGraph graph = NetworkGraphReader.read(net);

        assertThat(graph.inputShapeAssumed()).isTrue();
        assertThat(graph.node("in").orElseThrow().outputShape()).isEqualTo(TensorShape.of(3, 224, 224));
        assertThat(graph.node("conv").orElseThrow().outputShape()).isEqualTo(TensorShape.of(4, 224, 224));
        assertThat(graph.node("conv").orElseThrow().macs()).isEqualTo(4L * 3 * 9 * 224 * 224);
    }

    @Test
    void zeroedWeightTensorShowsUpAsExactLayerSparsity() {
        MultiLayerNetwork net = (MultiLayerNetwork) SampleArchitectures.build("lenet-5", 42, 1e-3);
        NetworkGraph before = NetworkGraphReader.read(net);
        Map<String, INDArray> conv2 = net.getLayer("conv2").paramTable();
        conv2.get("b").assign(0.25);   // biases start at 0; make them non-zero so W alone is measured
        conv2.get("W").assign(0);       // a view: this writes into the network

        NetworkGraph after = NetworkGraphReader.read(net);

        assertThat(net.getLayer("conv2").getParam("W").amaxNumber().doubleValue()).isZero();
        LayerNode node = after.node("conv2").orElseThrow();
        long count = 0;
        long zeros = 0;
        for (INDArray values : conv2.values()) {
            for (float v : values.dup().data().asFloat()) {
                count++;
                zeros += v == 0f ? 1 : 0;
            }
        }
        assertThat(zeros).isEqualTo(50L * 20 * 5 * 5);
        assertThat(node.sparsity()).isGreaterThan(0).isEqualTo((double) zeros / count);
        assertThat(param(node, "W").stats().sparsity()).isEqualTo(1.0);
        assertThat(param(node, "b").stats().zeros()).isZero();
        assertThat(before.node("conv2").orElseThrow().sparsity()).isLessThan(node.sparsity());
        // the other layers are untouched
        assertThat(after.node("conv1").orElseThrow().sparsity())
                .isEqualTo(before.node("conv1").orElseThrow().sparsity());
        assertThat(after.sparsity()).isEqualTo((double) zerosIn(net) / net.numParams());
    }

    private static long zerosIn(MultiLayerNetwork net) {
        long zeros = 0;
        for (float v : net.params().dup().data().asFloat()) {
            zeros += v == 0f ? 1 : 0;
        }
        return zeros;
    }

    private static long macs(NetworkGraph graph, String node) {
        return graph.node(node).orElseThrow().macs();
    }

    private static ParamTensor param(LayerNode node, String key) {
        return node.params().stream().filter(p -> p.key().equals(key)).findFirst().orElseThrow();
    }
}
