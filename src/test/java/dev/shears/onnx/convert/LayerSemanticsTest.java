package dev.shears.onnx.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.shears.data.Examples;
import dev.shears.engine.OrtEngine;
import dev.shears.engine.Outputs;
import dev.shears.model.TensorShape;
import java.util.stream.Stream;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LocalResponseNormalization;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SeparableConvolution2D;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.Upsampling2D;
import org.deeplearning4j.nn.conf.layers.ZeroPaddingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The layers whose DL4J semantics differ from ONNX's defaults, each in a tiny network with seeded
 * non-trivial parameters: the conversion check proves ORT equals DL4J, and where the formula is the
 * tricky part, ORT's numbers are also compared with the formula worked out by hand.
 */
class LayerSemanticsTest {
    private static final long SEED = 11;

    @Test
    void batchNormUsesTenToTheLog10StdevSquaredAsVariance() throws Exception {
        MultiLayerNetwork net = network(InputType.convolutional(1, 1, 2),
                new BatchNormalization.Builder().name("bn").eps(1e-3).build());
        assertThat(net.getLayer(0).paramTable().keySet()).as("DL4J's default keeps log10(std), not the variance")
                .containsExactlyInAnyOrder("gamma", "beta", "mean", "log10stdev");
        setParam(net, "bn", "mean", 0.5, -1.0);
        setParam(net, "bn", "log10stdev", 0.3, -0.2);
        setParam(net, "bn", "gamma", 2.0, 0.5);
        setParam(net, "bn", "beta", 0.1, -0.3);

        float[] ort = convertAndRun(net, new float[] {1.5f, 2f}, TensorShape.of(2, 1, 1));

        assertThat((double) ort[0]).isCloseTo(2.0 * (1.5 - 0.5) / Math.sqrt(Math.pow(10, 0.6) + 1e-3) + 0.1,
                within(1e-6));
        assertThat((double) ort[1]).isCloseTo(0.5 * (2 + 1.0) / Math.sqrt(Math.pow(10, -0.4) + 1e-3) - 0.3,
                within(1e-6));
    }

    @Test
    void batchNormWithVarianceStatistics() throws Exception {
        MultiLayerNetwork net = network(InputType.convolutional(1, 1, 2),
                new BatchNormalization.Builder().name("bn").useLogStd(false).eps(1e-5).build());
        setParam(net, "bn", "mean", 0.5, -1.0);
        setParam(net, "bn", "var", 4.0, 0.25);
        setParam(net, "bn", "gamma", 2.0, 0.5);
        setParam(net, "bn", "beta", 0.1, -0.3);

        float[] ort = convertAndRun(net, new float[] {1.5f, 2f}, TensorShape.of(2, 1, 1));

        assertThat((double) ort[0]).isCloseTo(2.0 * 1.0 / Math.sqrt(4 + 1e-5) + 0.1, within(1e-6));
        assertThat((double) ort[1]).isCloseTo(0.5 * 3.0 / Math.sqrt(0.25 + 1e-5) - 0.3, within(1e-6));
    }

    @Test
    void batchNormOnFeatures() throws Exception {
        assertEqualOnGaussians(network(InputType.feedForward(6), new BatchNormalization.Builder().build()), 6);
    }

    /** DL4J: x / (k + α Σ x²)^β over channels c−n/2 … c+n/2 — α is not divided by n as in ONNX. */
    @Test
    void localResponseNormalizationMatchesDl4jsFormula() throws Exception {
        MultiLayerNetwork net = network(InputType.convolutional(1, 1, 7),
                new LocalResponseNormalization.Builder().k(1.5).n(5).alpha(0.3).beta(0.75).build());
        float[] x = {1f, -2f, 0.5f, 3f, -1f, 2f, 0.25f};

        float[] ort = convertAndRun(net, x, TensorShape.of(7, 1, 1));

        for (int c = 0; c < 7; c++) {
            double sum = 0;
            for (int j = Math.max(0, c - 2); j <= Math.min(6, c + 2); j++) {
                sum += x[j] * x[j];
            }
            assertThat((double) ort[c]).as("channel %d", c).isCloseTo(x[c] / Math.pow(1.5 + 0.3 * sum, 0.75),
                    within(1e-6));
        }
    }

    @Test
    void sameModeConvolutionWithStrideTwoPadsBottomRightLikeDl4j() throws Exception {
        for (int side : new int[] {7, 8}) {
            MultiLayerNetwork net = network(InputType.convolutional(side, side, 2),
                    new ConvolutionLayer.Builder(3, 3).stride(2, 2).nOut(3).convolutionMode(ConvolutionMode.Same)
                            .activation(Activation.IDENTITY).build());
            assertThat(net.output(Nd4j.zeros(1, 2, side, side)).shape()).containsExactly(1, 3, 4, 4);
            assertEqualOnGaussians(net, 2, side, side);
        }
    }

    @Test
    void sameModeConvolutionWithEvenKernelAndDilation() throws Exception {
        assertEqualOnGaussians(network(InputType.convolutional(9, 9, 2),
                new ConvolutionLayer.Builder(2, 2).stride(2, 2).nOut(3).convolutionMode(ConvolutionMode.Same).build(),
                new ConvolutionLayer.Builder(3, 3).dilation(2, 2).nOut(2).convolutionMode(ConvolutionMode.Same)
                        .build()), 2, 9, 9);
    }

    @Test
    void truncateConvolutionWithPaddingStrideAndNoBias() throws Exception {
        assertEqualOnGaussians(network(InputType.convolutional(8, 8, 3),
                new ConvolutionLayer.Builder(3, 3).stride(2, 1).padding(1, 2).nOut(4).hasBias(false)
                        .convolutionMode(ConvolutionMode.Truncate).activation(Activation.TANH).build()), 3, 8, 8);
    }

    /** With the divisor counting padding, a corner window of 3x3 with one padded row and column divides by 9. */
    @Test
    void averagePoolWithPaddingIncludingPadInDivisor() throws Exception {
        MultiLayerNetwork net = network(InputType.convolutional(4, 4, 1), averagePool(true));
        float[] ones = new float[16];
        java.util.Arrays.fill(ones, 1f);

        float[] ort = convertAndRun(net, ones, TensorShape.of(1, 4, 4));

        assertThat(ort[0]).isCloseTo(4f / 9f, within(1e-6f));
        assertEqualOnGaussians(net, 1, 4, 4);
    }

    @Test
    void averagePoolWithPaddingExcludingPadFromDivisor() throws Exception {
        MultiLayerNetwork net = network(InputType.convolutional(4, 4, 1), averagePool(false));
        float[] ones = new float[16];
        java.util.Arrays.fill(ones, 1f);

        float[] ort = convertAndRun(net, ones, TensorShape.of(1, 4, 4));

        assertThat(ort[0]).isCloseTo(1f, within(1e-6f));
        assertEqualOnGaussians(net, 1, 4, 4);
    }

    @Test
    void sameModePoolingWithStrideTwo() throws Exception {
        for (PoolingType type : new PoolingType[] {PoolingType.MAX, PoolingType.AVG}) {
            assertEqualOnGaussians(network(InputType.convolutional(7, 7, 2),
                    new SubsamplingLayer.Builder(type).kernelSize(3, 3).stride(2, 2)
                            .convolutionMode(ConvolutionMode.Same).build()), 2, 7, 7);
        }
    }

    @Test
    void depthwiseConvolutionWithMultiplier() throws Exception {
        assertEqualOnGaussians(network(InputType.convolutional(6, 6, 3),
                new DepthwiseConvolution2D.Builder(3, 3).depthMultiplier(2).nOut(6)
                        .convolutionMode(ConvolutionMode.Same).build()), 3, 6, 6);
    }

    @Test
    void separableConvolutionWithMultiplier() throws Exception {
        assertEqualOnGaussians(network(InputType.convolutional(6, 6, 3),
                new SeparableConvolution2D.Builder(3, 3).depthMultiplier(2).nOut(5).stride(2, 2)
                        .convolutionMode(ConvolutionMode.Same).activation(Activation.RELU).build()), 3, 6, 6);
    }

    @Test
    void zeroPaddingUpsamplingAndGlobalPoolingWithoutCollapse() throws Exception {
        assertEqualOnGaussians(network(InputType.convolutional(3, 4, 2),
                new ZeroPaddingLayer.Builder(1, 2, 0, 3).build(),
                new Upsampling2D.Builder(2).build(),
                new GlobalPoolingLayer.Builder(PoolingType.MAX).collapseDimensions(false).build()), 2, 3, 4);
    }

    @Test
    void globalSumPooling() throws Exception {
        assertEqualOnGaussians(network(InputType.convolutional(3, 3, 4),
                new GlobalPoolingLayer.Builder(PoolingType.SUM).build()), 4, 3, 3);
    }

    static Stream<Activation> activations() {
        return Stream.of(Activation.RELU, Activation.LEAKYRELU, Activation.TANH, Activation.SIGMOID,
                Activation.SOFTMAX, Activation.IDENTITY, Activation.RELU6, Activation.ELU, Activation.HARDSIGMOID,
                Activation.SWISH, Activation.SOFTPLUS, Activation.SOFTSIGN, Activation.SELU, Activation.HARDTANH);
    }

    @ParameterizedTest
    @MethodSource("activations")
    void activationLayer(Activation activation) throws Exception {
        assertEqualOnGaussians(network(InputType.feedForward(8),
                new ActivationLayer.Builder().activation(activation).build()), 8);
    }

    @Test
    void leakyReluKeepsItsSlope() throws Exception {
        MultiLayerNetwork net = network(InputType.feedForward(2),
                new ActivationLayer.Builder().activation(new org.nd4j.linalg.activations.impl.ActivationLReLU(0.3))
                        .build());

        float[] ort = convertAndRun(net, new float[] {-2f, 3f}, TensorShape.of(2));

        assertThat(ort).containsExactly(-0.6f, 3f);
    }

    private static SubsamplingLayer averagePool(boolean includePad) {
        return new SubsamplingLayer.Builder(PoolingType.AVG).kernelSize(3, 3).stride(2, 2).padding(1, 1)
                .avgPoolIncludePadInDivisor(includePad).convolutionMode(ConvolutionMode.Truncate).build();
    }

    static MultiLayerNetwork network(InputType input, Layer... layers) {
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder().seed(SEED)
                .weightInit(WeightInit.XAVIER).list();
        for (Layer layer : layers) {
            list.layer(layer);
        }
        MultiLayerNetwork net = new MultiLayerNetwork(list.setInputType(input).build());
        net.init();
        return RandomParams.randomise(net, SEED);
    }

    /** Converted on seeded Gaussian inputs (scaled ×3 so activations see their saturated ranges too). */
    static void assertEqualOnGaussians(MultiLayerNetwork net, long... exampleDims) throws Exception {
        Examples inputs = Dl4jToOnnx.gaussian(TensorShape.of(exampleDims), 16, SEED);
        for (int i = 0; i < inputs.features().length; i++) {
            inputs.features()[i] *= 3;
        }
        ConvertedModel converted = Dl4jToOnnx.convert(net, inputs);
        assertThat(converted.maxDifference()).isLessThanOrEqualTo(Dl4jToOnnx.TOLERANCE);
    }

    /** Converts (checked on Gaussians) and runs one example in ONNX Runtime. */
    private static float[] convertAndRun(MultiLayerNetwork net, float[] example, TensorShape shape) throws Exception {
        ConvertedModel converted = Dl4jToOnnx.convert(net, shape, SEED);
        try (OrtEngine ort = new OrtEngine(converted.onnxBytes(), 1)) {
            Outputs out = ort.run(Examples.unlabelled(example, 1, shape));
            return out.values();
        }
    }

    private static void setParam(MultiLayerNetwork net, String layer, String key, double... values) {
        INDArray param = net.getLayer(layer).getParam(key);
        for (int i = 0; i < values.length; i++) {
            param.putScalar(i, values[i]);
        }
    }
}
