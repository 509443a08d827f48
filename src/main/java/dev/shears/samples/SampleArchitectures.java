package dev.shears.samples;

import java.util.List;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The four bundled sample architectures. Every one takes Fashion-MNIST as flat 784-vectors
 * ({@code InputType.convolutionalFlat(28, 28, 1)}) so one data pipeline feeds them all.
 */
public final class SampleArchitectures {
    public static final List<String> NAMES = List.of("lenet-300-100", "lenet-5", "bn-cnn", "mini-resnet");
    private static final InputType FASHION_MNIST = InputType.convolutionalFlat(28, 28, 1);

    private SampleArchitectures() {
    }

    /** A freshly initialised network of the named sample architecture. */
    public static Model build(String name, long seed, double learningRate) {
        return switch (name) {
            case "lenet-300-100" -> init(lenet300100(seed, learningRate));
            case "lenet-5" -> init(lenet5(seed, learningRate));
            case "bn-cnn" -> init(bnCnn(seed, learningRate));
            case "mini-resnet" -> init(miniResnet(seed, learningRate));
            default -> throw new IllegalArgumentException("unknown sample '" + name + "', expected one of " + NAMES);
        };
    }

    private static MultiLayerNetwork init(MultiLayerConfiguration conf) {
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    private static ComputationGraph init(ComputationGraphConfiguration conf) {
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        return net;
    }

    private static NeuralNetConfiguration.Builder base(long seed, double learningRate) {
        return new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(new Adam(learningRate))
                .weightInit(WeightInit.RELU);
    }

    /** MLP 784-300-100-10 (LeCun et al.'s LeNet-300-100). */
    static MultiLayerConfiguration lenet300100(long seed, double learningRate) {
        return base(seed, learningRate).l2(1e-5).list()
                .layer(new DenseLayer.Builder().name("fc1").nOut(300).activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().name("fc2").nOut(100).activation(Activation.RELU).build())
                .layer(output("output"))
                .setInputType(FASHION_MNIST)
                .build();
    }

    /** Caffe's LeNet-5: conv 20@5x5, max-pool, conv 50@5x5, max-pool, dense 500, output 10. */
    static MultiLayerConfiguration lenet5(long seed, double learningRate) {
        return base(seed, learningRate).l2(1e-5).list()
                .layer(new ConvolutionLayer.Builder(5, 5).name("conv1").nOut(20).activation(Activation.RELU).build())
                .layer(maxPool("pool1"))
                .layer(new ConvolutionLayer.Builder(5, 5).name("conv2").nOut(50).activation(Activation.RELU).build())
                .layer(maxPool("pool2"))
                .layer(new DenseLayer.Builder().name("fc1").nOut(500).activation(Activation.RELU).build())
                .layer(output("output"))
                .setInputType(FASHION_MNIST)
                .build();
    }

    /** Three conv(3x3) + BatchNorm + ReLU + max-pool blocks (24/48/96), dense 128, output 10. */
    static MultiLayerConfiguration bnCnn(long seed, double learningRate) {
        NeuralNetConfiguration.ListBuilder list = base(seed, learningRate).l2(1e-4)
                .convolutionMode(ConvolutionMode.Same).list();
        int[] widths = {24, 48, 96};
        for (int b = 0; b < widths.length; b++) {
            String id = String.valueOf(b + 1);
            list.layer(new ConvolutionLayer.Builder(3, 3).name("conv" + id).nOut(widths[b])
                    .activation(Activation.IDENTITY).build());
            list.layer(new BatchNormalization.Builder().name("bn" + id).build());
            list.layer(new ActivationLayer.Builder().name("relu" + id).activation(Activation.RELU).build());
            list.layer(maxPool("pool" + id));
        }
        return list
                .layer(new DenseLayer.Builder().name("fc1").nOut(128).activation(Activation.RELU).build())
                .layer(output("output"))
                .setInputType(FASHION_MNIST)
                .build();
    }

    /**
     * A small ResNet: stem conv + pool, then three residual blocks joined by element-wise adds —
     * identity (24), projection with a strided 1x1 conv (24 to 48), identity (48) — global average
     * pooling, output 10.
     */
    static ComputationGraphConfiguration miniResnet(long seed, double learningRate) {
        ComputationGraphConfiguration.GraphBuilder g = base(seed, learningRate).l2(1e-4)
                .convolutionMode(ConvolutionMode.Same)
                .graphBuilder()
                .addInputs("input")
                .setInputTypes(FASHION_MNIST);
        convBn(g, "stem", 24, 3, 1, "input");
        g.addLayer("stem_relu", relu(), "stem_bn");
        g.addLayer("stem_pool", maxPool("stem_pool"), "stem_relu");
        String out = residualBlock(g, "block1", 24, 1, "stem_pool", false);
        out = residualBlock(g, "block2", 48, 2, out, true);
        out = residualBlock(g, "block3", 48, 1, out, false);
        g.addLayer("gap", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), out);
        g.addLayer("output", output("output"), "gap");
        return g.setOutputs("output").build();
    }

    private static String residualBlock(ComputationGraphConfiguration.GraphBuilder g, String name, int width,
                                        int stride, String input, boolean projection) {
        convBn(g, name + "_conv1", width, 3, stride, input);
        g.addLayer(name + "_relu1", relu(), name + "_conv1_bn");
        convBn(g, name + "_conv2", width, 3, 1, name + "_relu1");
        String shortcut = input;
        if (projection) {
            convBn(g, name + "_proj", width, 1, stride, input);
            shortcut = name + "_proj_bn";
        }
        g.addVertex(name + "_add", new ElementWiseVertex(ElementWiseVertex.Op.Add), name + "_conv2_bn", shortcut);
        g.addLayer(name + "_out", relu(), name + "_add");
        return name + "_out";
    }

    private static void convBn(ComputationGraphConfiguration.GraphBuilder g, String name, int width, int kernel,
                               int stride, String input) {
        g.addLayer(name, new ConvolutionLayer.Builder(kernel, kernel).stride(stride, stride).nOut(width)
                .activation(Activation.IDENTITY).build(), input);
        g.addLayer(name + "_bn", new BatchNormalization.Builder().build(), name);
    }

    private static ActivationLayer relu() {
        return new ActivationLayer.Builder().activation(Activation.RELU).build();
    }

    private static SubsamplingLayer maxPool(String name) {
        return new SubsamplingLayer.Builder(PoolingType.MAX).name(name).kernelSize(2, 2).stride(2, 2).build();
    }

    private static OutputLayer output(String name) {
        return new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).name(name).nOut(10)
                .activation(Activation.SOFTMAX).build();
    }
}
