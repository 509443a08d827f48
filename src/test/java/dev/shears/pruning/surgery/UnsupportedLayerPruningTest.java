package dev.shears.pruning.surgery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.analysis.DependencyAnalyzer;
import dev.shears.io.NetworkGraphReader;
import dev.shears.model.ChannelGroups;
import java.nio.file.Path;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LocalResponseNormalization;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PReLULayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;

/**
 * Layers the engine does not understand (LRN mixes neighbouring channels; PReLU has per-position
 * parameters) block only the groups they touch; the rest of the network is still pruned exactly.
 */
class UnsupportedLayerPruningTest {
    @TempDir
    Path folder;

    static MultiLayerNetwork network() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(23)
                .convolutionMode(ConvolutionMode.Same).list()
                .layer(new ConvolutionLayer.Builder(3, 3).name("conv1").nOut(6).activation(Activation.RELU).build())
                .layer(new LocalResponseNormalization.Builder().name("lrn").build())
                .layer(new ConvolutionLayer.Builder(3, 3).name("conv2").nOut(8).activation(Activation.IDENTITY).build())
                .layer(new PReLULayer.Builder().name("prelu").inputShape(8, 28, 28).build())
                .layer(new ConvolutionLayer.Builder(3, 3).name("conv3").nOut(10).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder().name("pool").kernelSize(4, 4).stride(4, 4).build())
                .layer(new DenseLayer.Builder().name("fc").nOut(12).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder().name("output").nOut(10).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutionalFlat(28, 28, 1)).build());
        net.init();
        return net;
    }

    @Test
    void reportsTheLayersAndBlocksOnlyTheirGroups() {
        ChannelGroups groups = DependencyAnalyzer.analyze(NetworkGraphReader.read(network()));

        assertThat(groups.notPrunable()).containsOnlyKeys("lrn", "prelu");
        assertThat(groups.prunable()).extracting(g -> g.name()).containsExactly("conv3", "fc");
        assertThat(groups.named("conv2").orElseThrow().blockers()).singleElement().asString()
                .startsWith("prelu not prunable: PReLULayer");
    }

    @Test
    void prunesTheRestExactly() throws Exception {
        var result = PruningRoundTrip.run("unsupported layers", network(), 0.5, folder);

        assertThat(result.plan().group("conv1").orElseThrow().removedCount()).isZero();
        assertThat(result.plan().group("conv3").orElseThrow().kept()).hasSize(5);
    }
}
