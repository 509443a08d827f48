package dev.shears.pruning.surgery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.analysis.DependencyAnalyzer;
import dev.shears.io.NetworkGraphReader;
import dev.shears.model.ChannelGroups;
import dev.shears.model.ParamSlice;
import dev.shears.model.SliceRole;
import dev.shears.pruning.planning.Planner;
import java.nio.file.Path;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SeparableConvolution2D;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;

/**
 * Depthwise and separable convs: conv (6) → BN → ReLU → depthwise ×2 (12: input channel c makes
 * outputs 2c, 2c+1) → BN → ReLU6 → separable (8) → pool → dropout → depthwise ×1 → global pool →
 * dense → output. The conv's group flows through the depthwise into the separable conv's inputs.
 */
class DepthwisePruningTest {
    @TempDir
    Path folder;

    static MultiLayerNetwork network() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(22)
                .convolutionMode(ConvolutionMode.Same).list()
                .layer(new ConvolutionLayer.Builder(3, 3).name("conv").nOut(6).activation(Activation.IDENTITY).build())
                .layer(new BatchNormalization.Builder().name("bn1").build())
                .layer(new ActivationLayer.Builder().name("relu1").activation(Activation.RELU).build())
                .layer(new DepthwiseConvolution2D.Builder(3, 3).name("dw").depthMultiplier(2)
                        .activation(Activation.IDENTITY).build())
                .layer(new BatchNormalization.Builder().name("bn2").build())
                .layer(new ActivationLayer.Builder().name("relu2").activation(Activation.RELU6).build())
                .layer(new SeparableConvolution2D.Builder(3, 3).name("sep").nOut(8).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(PoolingType.MAX).name("pool").kernelSize(2, 2).stride(2, 2).build())
                .layer(new DropoutLayer.Builder(0.8).name("drop").build())
                .layer(new DepthwiseConvolution2D.Builder(3, 3).name("dw2").activation(Activation.SIGMOID).build())
                .layer(new GlobalPoolingLayer.Builder(PoolingType.MAX).name("gap").build())
                .layer(new DenseLayer.Builder().name("fc").nOut(16).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder().name("output").nOut(10).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutionalFlat(28, 28, 1)).build());
        net.init();
        return PruningRoundTrip.withTrainedLookingBatchNorms(net, 8);
    }

    @Test
    void depthwiseMultiplierWidensTheBlocksOfTheGroupItPasses() {
        ChannelGroups groups = DependencyAnalyzer.analyze(NetworkGraphReader.read(network()));

        assertThat(groups.named("conv").orElseThrow().params()).contains(
                new ParamSlice("dw", "W", 2, 0, 1, SliceRole.OUTPUT),
                new ParamSlice("dw", "b", 0, 0, 2, SliceRole.OUTPUT),
                new ParamSlice("bn2", "gamma", 0, 0, 2, SliceRole.NORMALIZATION),
                new ParamSlice("sep", "W", 1, 0, 2, SliceRole.INPUT),
                new ParamSlice("sep", "pW", 1, 0, 2, SliceRole.INPUT));
        assertThat(groups.named("sep").orElseThrow().params()).contains(
                new ParamSlice("dw2", "W", 2, 0, 1, SliceRole.OUTPUT),
                new ParamSlice("fc", "W", 0, 0, 1, SliceRole.INPUT));
        assertThat(groups.prunable()).extracting(g -> g.name()).containsExactly("conv", "sep", "fc");
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.3, 0.7})
    void shrunkDepthwiseNetworkEqualsMaskedNetwork(double ratio) throws Exception {
        var result = PruningRoundTrip.run("depthwise", network(), ratio, folder);

        int c = Planner.keptCount(6, ratio, 1, 1);
        int s = Planner.keptCount(8, ratio, 1, 1);
        int f = Planner.keptCount(16, ratio, 1, 1);
        long conv = 9L * c + c + 4L * c;
        long depthwise = 9L * c * 2 + 2L * c + 4L * 2 * c;
        long separable = 2L * c * 9 + (long) s * 2 * c + s;
        long depthwise2 = 9L * s + s;
        long dense = (long) s * f + f + f * 10L + 10;
        assertThat(result.shrunk().numParams()).isEqualTo(conv + depthwise + separable + depthwise2 + dense);
    }
}
