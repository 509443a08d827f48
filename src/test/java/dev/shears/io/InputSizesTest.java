package dev.shears.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.model.NetworkGraph;
import dev.shears.model.TensorShape;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.zoo.model.AlexNet;
import org.deeplearning4j.zoo.model.Darknet19;
import org.deeplearning4j.zoo.model.FaceNetNN4Small2;
import org.deeplearning4j.zoo.model.ResNet50;
import org.deeplearning4j.zoo.model.VGG16;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The input size of a DL4J network whose file does not record it, read from its layers: exact where
 * they accept one size, a flagged guess inside what they accept otherwise. Configurations only (zoo
 * architectures without their weights) except where a whole graph is read.
 */
class InputSizesTest {

    @Test
    void aDenseLayersNInAfterAFlattenFixesTheImageSize() {
        // same-padded 3x3 conv keeps the side; the flatten records no size, the dense layer takes 4·20·20
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().list()
                .layer(new ConvolutionLayer.Builder(3, 3).nIn(1).nOut(4).convolutionMode(ConvolutionMode.Same).build())
                .layer(new DenseLayer.Builder().nIn(4 * 20 * 20).nOut(8).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(8).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .inputPreProcessor(1, new CnnToFeedForwardPreProcessor())
                .build());
        net.init();

        NetworkGraph graph = NetworkGraphReader.read(net);

        assertThat(graph.inputShapeAssumed()).isFalse();
        assertThat(graph.input().shape()).isEqualTo(TensorShape.of(1, 20, 20));
        assertThat(graph.node("layer0").orElseThrow().macs()).isEqualTo(4L * 9 * 20 * 20);
        assertThat(InputSizes.of(net).problem(InputSizes.square(28, 1, CNN2DFormat.NCHW)))
                .contains("'layer1' takes 1600 values, and gets 3136");
    }

    @Test
    void aFlattensRecordedSizeFixesTheImageSizeThroughAStridedPooling() {
        // setInputTypes records 8×14×14 in the flatten before "dense"; the strict pooling takes even sides only
        ComputationGraph net = new ComputationGraph(new NeuralNetConfiguration.Builder().graphBuilder()
                .addInputs("in")
                .addLayer("conv", new ConvolutionLayer.Builder(3, 3).nOut(8).convolutionMode(ConvolutionMode.Same)
                        .build(), "in")
                .addLayer("pool", new SubsamplingLayer.Builder(2, 2).stride(2, 2)
                        .convolutionMode(ConvolutionMode.Strict).build(), "conv")
                .addLayer("dense", new DenseLayer.Builder().nOut(5).build(), "pool")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(2)
                        .activation(Activation.SOFTMAX).build(), "dense")
                .setOutputs("out")
                .setInputTypes(InputType.convolutional(28, 28, 3))
                .build());
        net.init();

        NetworkGraph graph = NetworkGraphReader.read(net);

        assertThat(graph.inputShapeAssumed()).isFalse();
        assertThat(graph.input().shape()).isEqualTo(TensorShape.of(3, 28, 28));
        assertThat(graph.node("pool").orElseThrow().outputShape()).isEqualTo(TensorShape.of(8, 14, 14));
        assertThat(InputSizes.of(net).sides(3, CNN2DFormat.NCHW).accepted()).containsExactly(28);
    }

    @Test
    void vgg16sFirstPreprocessorRecordsItsSizeAndRefusesAnyOtherNamingIt() {
        ComputationGraphConfiguration conf = VGG16.builder().numClasses(10).build().conf();
        InputSizes sizes = InputSizes.of(conf);

        assertThat(sizes.problem(InputType.convolutionalFlat(224, 224, 3))).isEmpty();
        assertThat(sizes.problem(InputType.convolutionalFlat(100, 100, 3)))
                .contains("the preprocessor of '0' takes 150528 values (3×224×224), the input gives 30000");
    }

    @Test
    void alexNetsFlattenAcceptsARangeSoItsSizeIsAGuessInsideIt() {
        MultiLayerConfiguration conf = AlexNet.builder().numClasses(10).build().conf();
        InputSizes sizes = InputSizes.of(conf);

        InputSizes.Sides sides = sizes.sides(3, CNN2DFormat.NCHW);
        assertThat(sides.unbounded()).isFalse();
        assertThat(sides.accepted()).first().isEqualTo(219);
        assertThat(sides.accepted()).last().isEqualTo(250);
        InputTypeGuess guess = InputTypeGuess.images(3, CNN2DFormat.NCHW, sizes);
        assertThat(guess.assumed()).isTrue();
        assertThat(ShapePropagation.shapeOf(guess.type())).isEqualTo(TensorShape.of(3, 224, 224));
        assertThat(sizes.describeAccepted(3, CNN2DFormat.NCHW)).isEqualTo("3×219×219 to 3×250×250");
        assertThat(sizes.problem(InputSizes.square(200, 3, CNN2DFormat.NCHW)))
                .contains("the preprocessor of 'ffn1' flattens 256×6×6 activations, and gets 256×5×5");
        assertThat(sizes.problem(InputSizes.square(224, 1, CNN2DFormat.NCHW)))
                .contains("'cnn1' takes 3 channels, and gets 1 (from 1×224×224)");
        // refused before DL4J computes a 0×0 output (and logs a warning for each of hundreds of sizes tried)
        assertThat(sizes.problem(InputSizes.square(1, 3, CNN2DFormat.NCHW)))
                .contains("'cnn1' (ConvolutionLayer) has a 11×11 window, larger than its 3×1×1 input");
    }

    @Test
    void resNet50sPoolingChainAcceptsAWideRangeSoItsSizeIsAGuess() {
        ComputationGraphConfiguration conf = ResNet50.builder().numClasses(10).build().graphBuilder().build();
        InputSizes sizes = InputSizes.of(conf);

        assertThat(sizes.describeAccepted(3, CNN2DFormat.NCHW)).isEqualTo("3×133×133 to 3×260×260");
        InputTypeGuess guess = InputTypeGuess.images(3, CNN2DFormat.NCHW, sizes);
        assertThat(guess.assumed()).isTrue();
        assertThat(ShapePropagation.shapeOf(guess.type())).isEqualTo(TensorShape.of(3, 224, 224));
    }

    @Test
    void whenTheLayersRefuse224TheGuessIsACommonSizeTheyTake() {
        // FaceNet NN4 small2 is built for 96×96: its flatten records 736×1×1, which 224 overshoots
        ComputationGraphConfiguration conf = FaceNetNN4Small2.builder().numClasses(10).build().conf();
        InputSizes sizes = InputSizes.of(conf);

        assertThat(sizes.problem(InputSizes.square(224, 3, CNN2DFormat.NCHW)))
                .contains("the preprocessor of 'bottleneck' flattens 736×1×1 activations, and gets 736×3×3");
        InputTypeGuess guess = InputTypeGuess.images(3, CNN2DFormat.NCHW, sizes);
        assertThat(guess.assumed()).isTrue();
        assertThat(ShapePropagation.shapeOf(guess.type())).isEqualTo(TensorShape.of(3, 96, 96));
    }

    @Test
    void aGlobalPoolingTakesAnySizeSoTheSizeIsAGuess() {
        ComputationGraphConfiguration conf = Darknet19.builder().numClasses(10).build().conf();
        InputSizes sizes = InputSizes.of(conf);

        assertThat(sizes.sides(3, CNN2DFormat.NCHW).unbounded()).isTrue();
        InputTypeGuess guess = InputTypeGuess.images(3, CNN2DFormat.NCHW, sizes);
        assertThat(guess.assumed()).isTrue();
        assertThat(ShapePropagation.shapeOf(guess.type())).isEqualTo(TensorShape.of(3, 224, 224));
        assertThat(sizes.describeAccepted(3, CNN2DFormat.NCHW)).isEqualTo("any size");
    }

    @Test
    void aOneChannelConvNetOfAnySizeIsGuessedAsMnistAndFlagged() {
        ComputationGraph net = globalPoolingNet(1);

        NetworkGraph graph = NetworkGraphReader.read(net);

        assertThat(graph.inputShapeAssumed()).isTrue();
        assertThat(graph.input().shape()).isEqualTo(TensorShape.of(1, 28, 28));
        assertThat(graph.input().assumed()).isTrue();
    }

    /** conv 3×3 same → global average pooling → softmax: takes any image size. */
    static ComputationGraph globalPoolingNet(int channels) {
        ComputationGraph net = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(3).graphBuilder()
                .addInputs("in")
                .addLayer("conv", new ConvolutionLayer.Builder(3, 3).nIn(channels).nOut(4)
                        .convolutionMode(ConvolutionMode.Same).activation(Activation.RELU).build(), "in")
                .addLayer("gap", new GlobalPoolingLayer(), "conv")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(4).nOut(3)
                        .activation(Activation.SOFTMAX).build(), "gap")
                .setOutputs("out").build());
        net.init();
        return net;
    }
}
