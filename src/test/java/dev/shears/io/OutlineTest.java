package dev.shears.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.model.LayerNode;
import dev.shears.model.NetworkGraph;
import dev.shears.model.ParamTensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SeparableConvolution2D;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A DL4J zip's outline — read from its configuration before its weights (decision 0030) — is the
 * graph of the loaded model but for the weights' statistics: same nodes, types, edges, shapes,
 * parameter tensors and MACs, on the bundled samples and on depthwise and separable convolutions.
 */
class OutlineTest {
    @TempDir
    Path folder;

    static Stream<Path> bundledSamples() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("sample-models"))) {
            return files.filter(f -> f.toString().endsWith(".zip")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bundledSamples")
    void outlineOfEveryBundledSampleIsItsLoadedGraphWithoutStatistics(Path sample) throws Exception {
        List<NetworkGraph> outlines = new ArrayList<>();

        LoadedModel loaded = ModelLoader.load(sample, outlines::add);

        assertThat(outlines).hasSize(1);
        assertIsGraphWithoutStatistics(outlines.get(0), loaded.graph());
    }

    /** The outline has the graph's nodes, types, edges, shapes, tensors and MACs, and no statistics. */
    static void assertIsGraphWithoutStatistics(NetworkGraph outline, NetworkGraph graph) {
        assertThat(outline.weightsRead()).isFalse();
        assertThat(graph.weightsRead()).isTrue();
        assertThat(outline.modelType()).isEqualTo(graph.modelType());
        assertThat(outline.outputs()).isEqualTo(graph.outputs());
        assertThat(outline.input()).isEqualTo(graph.input());
        assertThat(outline.inputShapeAssumed()).isEqualTo(graph.inputShapeAssumed());
        assertThat(outline.nodes()).extracting(LayerNode::name)
                .containsExactlyElementsOf(graph.nodes().stream().map(LayerNode::name).toList());
        for (int i = 0; i < graph.nodes().size(); i++) {
            LayerNode expected = graph.nodes().get(i);
            LayerNode outlined = outline.nodes().get(i);
            assertThat(outlined).as(expected.name()).usingRecursiveComparison().ignoringFields("params")
                    .isEqualTo(expected);
            assertThat(outlined.params()).as(expected.name() + " tensors").extracting(ParamTensor::key)
                    .containsExactlyElementsOf(expected.params().stream().map(ParamTensor::key).toList());
            assertThat(outlined.params()).as(expected.name() + " shapes").extracting(ParamTensor::shape)
                    .containsExactlyElementsOf(expected.params().stream().map(ParamTensor::shape).toList());
            assertThat(outlined.paramCount()).isEqualTo(expected.paramCount());
            assertThat(outlined.params()).allSatisfy(p -> assertThat(p.stats().isRead()).isFalse());
        }
        assertThat(outline.totalParams()).isEqualTo(graph.totalParams());
        assertThat(outline.totalMacs()).isEqualTo(graph.totalMacs());
        assertThat(outline.sparsity()).isNaN();
    }

    @Test
    void depthwiseAndSeparableConvolutionsAreOutlinedFromDl4jsConfiguration() throws Exception {
        // the global pooling leaves this outline to DL4J's parse (ConfigurationOutline does not know it)
        Path file = folder.resolve("depthwise.zip");
        MultiLayerNetwork network = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(7)
                .convolutionMode(ConvolutionMode.Same).list()
                .layer(new ConvolutionLayer.Builder(3, 3).name("conv").nOut(4).build())
                .layer(new DepthwiseConvolution2D.Builder(3, 2).name("dw").depthMultiplier(2).build())
                .layer(new SeparableConvolution2D.Builder(3, 3).name("sep").depthMultiplier(3).nOut(8).build())
                .layer(new SeparableConvolution2D.Builder(2, 2).name("sepPlain").nOut(5).hasBias(false).build())
                .layer(new GlobalPoolingLayer.Builder(PoolingType.AVG).name("gap").build())
                .layer(new OutputLayer.Builder().name("output").nOut(3).build())
                .setInputType(InputType.convolutional(12, 12, 1)).build());
        network.init();
        ModelSerializer.writeModel(network, file.toFile(), false);
        List<NetworkGraph> outlines = new ArrayList<>();

        LoadedModel loaded = ModelLoader.load(file, outlines::add);

        assertThat(outlines).hasSize(1);
        assertIsGraphWithoutStatistics(outlines.get(0), loaded.graph());
        assertThat(outlines.get(0).node("sep").orElseThrow().params()).extracting(ParamTensor::key)
                .containsExactly("W", "pW", "b");
    }

    @Test
    void aNetworkWithLayersOutlinedOnlyWhenBuiltOpensWithoutAnOutline() throws Exception {
        // a transposed convolution: its tensors' shapes are left to DL4J's own initialiser
        Path file = folder.resolve("deconvolution.zip");
        MultiLayerNetwork network = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(7)
                .convolutionMode(ConvolutionMode.Same).list()
                .layer(new ConvolutionLayer.Builder(3, 3).name("conv").nOut(4).build())
                .layer(new Deconvolution2D.Builder(2, 2).name("deconv").stride(2, 2).nOut(6).build())
                .layer(new GlobalPoolingLayer.Builder(PoolingType.AVG).name("gap").build())
                .layer(new OutputLayer.Builder().name("output").nOut(3).build())
                .setInputType(InputType.convolutional(12, 12, 1)).build());
        network.init();
        ModelSerializer.writeModel(network, file.toFile(), false);
        List<NetworkGraph> outlines = new ArrayList<>();

        LoadedModel loaded = ModelLoader.load(file, outlines::add);

        assertThat(outlines).isEmpty();
        assertThat(loaded.graph().node("deconv")).isPresent();
    }

    @Test
    void aKerasFileOpensWithoutAnOutline() throws Exception {
        List<NetworkGraph> outlines = new ArrayList<>();

        LoadedModel loaded = ModelLoader.load(Path.of("src/test/resources/keras/sequential_cnn.h5"), outlines::add);

        assertThat(outlines).isEmpty();
        assertThat(loaded.graph().weightsRead()).isTrue();
    }
}
