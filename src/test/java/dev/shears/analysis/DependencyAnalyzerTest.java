package dev.shears.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.shears.io.NetworkGraphReader;
import dev.shears.model.ChannelGroup;
import dev.shears.model.ChannelGroups;
import dev.shears.model.ParamSlice;
import dev.shears.model.SliceRole;
import dev.shears.samples.SampleArchitectures;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LocalResponseNormalization;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;

class DependencyAnalyzerTest {
    private static ChannelGroups groupsOf(String sample) {
        return DependencyAnalyzer.analyze(NetworkGraphReader.read(SampleArchitectures.build(sample, 1, 1e-3)));
    }

    private static ChannelGroups groupsOf(MultiLayerConfiguration conf) {
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return DependencyAnalyzer.analyze(NetworkGraphReader.read(net));
    }

    @Test
    void mlpHasOneGroupPerHiddenLayerAndNoneForTheOutput() {
        ChannelGroups groups = groupsOf("lenet-300-100");

        assertThat(groups.groups()).extracting(ChannelGroup::name, ChannelGroup::channels)
                .containsExactly(tuple("fc1", 300), tuple("fc2", 100));
        assertThat(groups.groups().get(0).params()).containsExactly(
                new ParamSlice("fc1", "W", 1, 0, 1, SliceRole.OUTPUT),
                new ParamSlice("fc1", "b", 0, 0, 1, SliceRole.OUTPUT),
                new ParamSlice("fc2", "W", 0, 0, 1, SliceRole.INPUT));
        assertThat(groups.prunable()).hasSize(2);
        assertThat(groups.notPrunable()).isEmpty();
    }

    @Test
    void flattenMapsOneChannelToHeightTimesWidthDenseInputs() {
        ChannelGroup conv2 = groupsOf("lenet-5").named("conv2").orElseThrow();

        assertThat(conv2.channels()).isEqualTo(50);
        assertThat(conv2.params()).contains(new ParamSlice("fc1", "W", 0, 0, 16, SliceRole.INPUT));
        assertThat(conv2.activations()).extracting(a -> a.node() + ":" + a.block())
                .containsExactly("conv2:1", "pool2:1", "fc1/preprocessor:16");
    }

    @Test
    void batchNormFollowsTheConvBeforeIt() {
        ChannelGroup conv1 = groupsOf("bn-cnn").named("conv1").orElseThrow();

        assertThat(conv1.params()).extracting(p -> p.layer() + "/" + p.param() + ":" + p.role()).containsExactly(
                "conv1/b:OUTPUT", "conv1/W:OUTPUT", "bn1/gamma:NORMALIZATION", "bn1/beta:NORMALIZATION",
                "bn1/mean:STATISTIC", "bn1/log10stdev:STATISTIC", "conv2/W:INPUT");
        assertThat(conv1.producers()).containsExactly("conv1");
        assertThat(conv1.consumers()).containsExactly("conv2");
    }

    @Test
    void residualAddJoinsEveryBranchIncludingTheProjectionIntoOneGroup() {
        ChannelGroups groups = groupsOf("mini-resnet");

        assertThat(groups.groups()).extracting(ChannelGroup::name)
                .containsExactly("stem", "block1_conv1", "block2_conv1", "block2_conv2", "block3_conv1");
        ChannelGroup stem = groups.named("stem").orElseThrow();
        assertThat(stem.channels()).isEqualTo(24);
        assertThat(stem.producers()).containsExactly("stem", "block1_conv2");
        assertThat(stem.consumers()).containsExactly("block1_conv1", "block2_conv1", "block2_proj");
        ChannelGroup block2 = groups.named("block2_conv2").orElseThrow();
        assertThat(block2.producers()).containsExactly("block2_conv2", "block2_proj", "block3_conv2");
        assertThat(block2.consumers()).containsExactly("block3_conv1", "output");
        assertThat(block2.activations()).extracting(a -> a.node()).contains("block3_add", "gap");
        assertThat(groups.prunable()).hasSize(5);
    }

    @Test
    void unknownLayerBlocksOnlyTheGroupsItTouches() {
        ChannelGroups groups = groupsOf(new NeuralNetConfiguration.Builder().list()
                .layer(new ConvolutionLayer.Builder(3, 3).name("conv1").nOut(4).build())
                .layer(new LocalResponseNormalization.Builder().name("lrn").build())
                .layer(new ConvolutionLayer.Builder(3, 3).name("conv2").nOut(4).build())
                .layer(new OutputLayer.Builder().name("out").nOut(3).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutionalFlat(8, 8, 1)).build());

        assertThat(groups.named("conv1").orElseThrow().blockers())
                .containsExactly("lrn not prunable: LocalResponseNormalization is not understood by the pruning engine");
        assertThat(groups.named("conv2").orElseThrow().prunable()).isTrue();
        assertThat(groups.notPrunable()).containsOnlyKeys("lrn");
    }

    @Test
    void hiddenSoftmaxAndNetworkOutputsBlockTheirGroups() {
        ChannelGroups groups = groupsOf(new NeuralNetConfiguration.Builder().list()
                .layer(new DenseLayer.Builder().name("soft").nOut(6).activation(Activation.SOFTMAX).build())
                .layer(new DenseLayer.Builder().name("last").nOut(5).build())
                .setInputType(InputType.feedForward(4)).build());

        assertThat(groups.named("soft").orElseThrow().blockers()).containsExactly("soft: softmax mixes channels");
        assertThat(groups.named("last").orElseThrow().blockers()).containsExactly("reaches the network output last");
    }
}
