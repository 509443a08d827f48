package dev.shears.pruning.surgery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.analysis.DependencyAnalyzer;
import dev.shears.io.NetworkGraphReader;
import dev.shears.model.ChannelGroups;
import dev.shears.model.ParamSlice;
import dev.shears.model.SliceRole;
import dev.shears.pruning.planning.Planner;
import java.nio.file.Path;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;

/**
 * Concatenations: two convs merged (6 + 4 channels) under one BatchNorm (variance, not log std),
 * read by a conv; that merge merged again with the conv's output (10 + 5), then both flattened into
 * a dense layer and globally pooled, and the two feed-forward results merged (12 + 15) into the output.
 */
class ConcatPruningTest {
    @TempDir
    Path folder;

    static ComputationGraph network() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(21)
                .convolutionMode(ConvolutionMode.Same).graphBuilder()
                .addInputs("input").setInputTypes(InputType.convolutionalFlat(28, 28, 1))
                .addLayer("a", conv(6), "input")
                .addLayer("b", conv(4), "input")
                .addVertex("cat", new MergeVertex(), "a", "b")
                .addLayer("bn", new BatchNormalization.Builder().useLogStd(false).build(), "cat")
                .addLayer("c", conv(5), "bn")
                .addVertex("cat2", new MergeVertex(), "bn", "c")
                .addLayer("pool", new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(4, 4).stride(4, 4).build(),
                        "cat2")
                .addLayer("fc", new DenseLayer.Builder().nOut(12).activation(Activation.TANH).build(), "pool")
                .addLayer("gap", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "cat2")
                .addVertex("cat3", new MergeVertex(), "fc", "gap")
                .addLayer("output", new OutputLayer.Builder().nOut(10).activation(Activation.SOFTMAX).build(), "cat3")
                .setOutputs("output").build();
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        return PruningRoundTrip.withTrainedLookingBatchNorms(graph, 7);
    }

    private static ConvolutionLayer conv(int channels) {
        return new ConvolutionLayer.Builder(3, 3).nOut(channels).activation(Activation.RELU).build();
    }

    @Test
    void concatenatedChannelsKeepTheirOffsetsInEveryReader() {
        ChannelGroups groups = DependencyAnalyzer.analyze(NetworkGraphReader.read(network()));

        assertThat(groups.named("b").orElseThrow().params()).contains(
                new ParamSlice("bn", "var", 0, 6, 1, SliceRole.STATISTIC),
                new ParamSlice("c", "W", 1, 6, 1, SliceRole.INPUT),
                new ParamSlice("fc", "W", 0, 6 * 49, 49, SliceRole.INPUT),
                new ParamSlice("output", "W", 0, 12 + 6, 1, SliceRole.INPUT));
        assertThat(groups.named("c").orElseThrow().params()).contains(
                new ParamSlice("fc", "W", 0, 10 * 49, 49, SliceRole.INPUT),
                new ParamSlice("output", "W", 0, 12 + 10, 1, SliceRole.INPUT));
        assertThat(groups.prunable()).extracting(g -> g.name()).containsExactly("a", "b", "c", "fc");
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.3, 0.7})
    void shrunkConcatGraphEqualsMaskedGraph(double ratio) throws Exception {
        var result = PruningRoundTrip.run("concat", network(), ratio, folder);

        int a = Planner.keptCount(6, ratio, 1, 1);
        int b = Planner.keptCount(4, ratio, 1, 1);
        int c = Planner.keptCount(5, ratio, 1, 1);
        int fc = Planner.keptCount(12, ratio, 1, 1);
        long convs = (9L * a + a) + (9L * b + b) + (9L * (a + b) * c + c);
        long bn = 4L * (a + b);
        long dense = 49L * (a + b + c) * fc + fc;
        long output = (fc + a + b + c) * 10L + 10;
        assertThat(result.shrunk().numParams()).isEqualTo(convs + bn + dense + output);
    }
}
