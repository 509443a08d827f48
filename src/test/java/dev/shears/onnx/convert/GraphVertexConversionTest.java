package dev.shears.onnx.convert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.model.TensorShape;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.ScaleVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;

/** Every ComputationGraph vertex Shears converts, joined in one graph: ORT equals DL4J. */
class GraphVertexConversionTest {
    @Test
    void elementWiseMergeAndScaleVertices() throws Exception {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(3)
                .weightInit(WeightInit.XAVIER).convolutionMode(ConvolutionMode.Same)
                .graphBuilder()
                .addInputs("image")
                .setInputTypes(InputType.convolutional(6, 6, 2))
                .addLayer("a", new ConvolutionLayer.Builder(3, 3).nOut(3).activation(Activation.TANH).build(), "image")
                .addLayer("b", new ConvolutionLayer.Builder(1, 1).nOut(3).activation(Activation.SIGMOID).build(),
                        "image")
                .addVertex("sum3", new ElementWiseVertex(ElementWiseVertex.Op.Add), "a", "b", "a")
                .addVertex("difference", new ElementWiseVertex(ElementWiseVertex.Op.Subtract), "a", "b")
                .addVertex("product3", new ElementWiseVertex(ElementWiseVertex.Op.Product), "a", "b", "sum3")
                .addVertex("average", new ElementWiseVertex(ElementWiseVertex.Op.Average), "a", "b")
                .addVertex("maximum", new ElementWiseVertex(ElementWiseVertex.Op.Max), "a", "b")
                .addVertex("half", new ScaleVertex(0.5), "difference")
                .addVertex("concat", new MergeVertex(), "sum3", "difference", "product3", "average", "maximum", "half")
                .addLayer("bn", new BatchNormalization.Builder().build(), "concat")
                .addLayer("gap", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "bn")
                .addLayer("out", new OutputLayer.Builder().nOut(4).activation(Activation.SOFTMAX).build(), "gap")
                .setOutputs("out")
                .build();
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        RandomParams.randomise(graph, 3);

        ConvertedModel converted = Dl4jToOnnx.convert(graph, TensorShape.of(2, 6, 6), 3);

        assertThat(converted.maxDifference()).isLessThanOrEqualTo(Dl4jToOnnx.TOLERANCE);
        assertThat(converted.initializerOf("a", "W").orElseThrow().dims()).containsExactly(3, 2, 3, 3);
        assertThat(converted.initializerOf("out", "b").orElseThrow().dims()).containsExactly(4);
    }
}
