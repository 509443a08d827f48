package dev.shears.io;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shears.model.NetworkGraph;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SeparableConvolution2D;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The outline read from a DL4J zip's configuration.json as a plain JSON tree (decision 0031) is the loaded
 * model's graph but for the statistics, on the sequential samples and on networks of every layer, mode,
 * activation and loss it knows; anything else gives none, and the outline then comes from DL4J's parse.
 */
class ConfigurationOutlineTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path folder;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"bn-cnn", "lenet-5", "lenet-300-100"})
    void theJsonOutlineOfEachSequentialSampleIsItsLoadedGraphWithoutStatistics(String sample) throws Exception {
        Path file = SampleLocations.sampleModel(sample);

        Optional<NetworkGraph> outline = ConfigurationOutline.of(configuration(file));

        assertThat(outline).as("outlined from the JSON").isPresent();
        OutlineTest.assertIsGraphWithoutStatistics(outline.get(), ModelLoader.load(file).graph());
    }

    @Test
    void aComputationGraphHasNoJsonOutlineAndOpensWithDl4jsOutline() throws Exception {
        Path file = SampleLocations.sampleModel("mini-resnet");
        List<NetworkGraph> outlines = new ArrayList<>();

        LoadedModel loaded = ModelLoader.load(file, outlines::add);

        assertThat(ConfigurationOutline.of(configuration(file))).isEmpty();
        assertThat(outlines).hasSize(1);
        OutlineTest.assertIsGraphWithoutStatistics(outlines.get(0), loaded.graph());
    }

    static Stream<Arguments> knownNetworks() {
        return Stream.of(
                Arguments.of("truncate, strict, avg pooling, locked batch norm, no biases, mse",
                        (Consumer<NeuralNetConfiguration.ListBuilder>) list -> list
                                .layer(new ConvolutionLayer.Builder(3, 3).name("conv").nOut(6).stride(2, 2)
                                        .padding(1, 1).convolutionMode(ConvolutionMode.Truncate).hasBias(false)
                                        .activation(Activation.TANH).build())
                                .layer(new BatchNormalization.Builder().name("bn").lockGammaBeta(true)
                                        .useLogStd(false).build())
                                .layer(new SubsamplingLayer.Builder(PoolingType.AVG).name("pool").kernelSize(3, 3)
                                        .stride(1, 1).convolutionMode(ConvolutionMode.Truncate).build())
                                .layer(new ConvolutionLayer.Builder(2, 2).name("strict").nOut(5).stride(2, 2)
                                        .convolutionMode(ConvolutionMode.Strict).activation(Activation.RELU6).build())
                                .layer(new ActivationLayer.Builder().name("act").activation(Activation.SIGMOID).build())
                                .layer(new DenseLayer.Builder().name("fc").nOut(7).hasBias(false)
                                        .activation(Activation.HARDSIGMOID).build())
                                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).name("out").nOut(2)
                                        .activation(Activation.IDENTITY).build())
                                .setInputType(InputType.convolutionalFlat(16, 16, 3))),
                Arguments.of("same with dilation, max pooling, binary cross-entropy",
                        (Consumer<NeuralNetConfiguration.ListBuilder>) list -> list
                                .layer(new ConvolutionLayer.Builder(3, 3).name("dilated").nOut(4).stride(2, 2)
                                        .dilation(2, 2).convolutionMode(ConvolutionMode.Same)
                                        .activation(Activation.SWISH).build())
                                .layer(new SubsamplingLayer.Builder(PoolingType.MAX).name("pool").kernelSize(2, 2)
                                        .stride(2, 2).convolutionMode(ConvolutionMode.Same).build())
                                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.XENT).name("out").nOut(1)
                                        .activation(Activation.SIGMOID).build())
                                .setInputType(InputType.convolutionalFlat(11, 9, 2))),
                Arguments.of("depthwise and separable, with and without biases",
                        (Consumer<NeuralNetConfiguration.ListBuilder>) list -> list
                                .layer(new ConvolutionLayer.Builder(3, 3).name("conv").nOut(4)
                                        .convolutionMode(ConvolutionMode.Same).build())
                                .layer(new DepthwiseConvolution2D.Builder(3, 2).name("dw").depthMultiplier(2)
                                        .convolutionMode(ConvolutionMode.Same).build())
                                .layer(new DepthwiseConvolution2D.Builder(3, 3).name("dwPlain").hasBias(false)
                                        .stride(2, 2).convolutionMode(ConvolutionMode.Truncate).build())
                                .layer(new SeparableConvolution2D.Builder(3, 2).name("sep").depthMultiplier(3).nOut(5)
                                        .convolutionMode(ConvolutionMode.Same).build())
                                .layer(new SeparableConvolution2D.Builder(2, 2).name("sepPlain").nOut(6).hasBias(false)
                                        .convolutionMode(ConvolutionMode.Truncate).build())
                                .layer(new OutputLayer.Builder().name("out").nOut(3).build())
                                .setInputType(InputType.convolutionalFlat(12, 12, 1))),
                Arguments.of("dense first, negative log-likelihood",
                        (Consumer<NeuralNetConfiguration.ListBuilder>) list -> list
                                .layer(new DenseLayer.Builder().name("fc1").nIn(20).nOut(16)
                                        .activation(Activation.SOFTPLUS).build())
                                .layer(new ActivationLayer.Builder().name("act").activation(Activation.TANH).build())
                                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.NEGATIVELOGLIKELIHOOD)
                                        .name("out").nOut(3).activation(Activation.SOFTMAX).build())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("knownNetworks")
    void theJsonOutlineOfKnownLayersIsTheirLoadedGraphWithoutStatistics(String what,
            Consumer<NeuralNetConfiguration.ListBuilder> layers) throws Exception {
        Path file = saved(layers);

        Optional<NetworkGraph> outline = ConfigurationOutline.of(configuration(file));

        assertThat(outline).as("outlined from the JSON").isPresent();
        OutlineTest.assertIsGraphWithoutStatistics(outline.get(), ModelLoader.load(file).graph());
    }

    @Test
    void aLayerTheJsonReaderDoesNotKnowLeavesTheOutlineToDl4j() throws Exception {
        Path file = saved(list -> list
                .layer(new ConvolutionLayer.Builder(3, 3).name("conv").nOut(4).build())
                .layer(new GlobalPoolingLayer.Builder(PoolingType.AVG).name("gap").build())
                .layer(new OutputLayer.Builder().name("out").nOut(3).build())
                .setInputType(InputType.convolutionalFlat(8, 8, 1)));
        List<NetworkGraph> outlines = new ArrayList<>();

        LoadedModel loaded = ModelLoader.load(file, outlines::add);

        assertThat(ConfigurationOutline.of(configuration(file))).isEmpty();
        assertThat(outlines).hasSize(1);
        OutlineTest.assertIsGraphWithoutStatistics(outlines.get(0), loaded.graph());
    }

    @Test
    void aFieldOfAnUnexpectedValueOrTypeGivesNoJsonOutline() throws Exception {
        JsonNode original = configuration(SampleLocations.sampleModel("bn-cnn"));
        List<Consumer<JsonNode>> changes = List.of(
                tree -> layer(tree, 2).with("activationFn").put("max", 6.0),        // a capped ReLU
                tree -> layer(tree, 0).put("cnn2dDataFormat", "NHWC"),
                tree -> layer(tree, 0).put("layerName", 5),
                tree -> layer(tree, 0).put("convolutionMode", "Causal"),
                tree -> layer(tree, 13).with("lossFn").putArray("weights").add(1.0),
                tree -> layer(tree, 12).put("nin", 1000));

        for (Consumer<JsonNode> change : changes) {
            JsonNode changed = original.deepCopy();
            change.accept(changed);
            assertThat(ConfigurationOutline.of(changed)).as(changed.toString().substring(0, 60)).isEmpty();
        }
        assertThat(ConfigurationOutline.of(original)).isPresent();
    }

    private static ObjectNode layer(JsonNode tree, int index) {
        return (ObjectNode) tree.get("confs").get(index).get("layer");
    }

    private Path saved(Consumer<NeuralNetConfiguration.ListBuilder> layers) throws Exception {
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder().seed(3).list();
        layers.accept(list);
        MultiLayerNetwork network = new MultiLayerNetwork(list.build());
        network.init();
        Path file = folder.resolve("network.zip");
        ModelSerializer.writeModel(network, file.toFile(), false);
        return file;
    }

    private static JsonNode configuration(Path file) throws Exception {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            return JSON.readTree(zip.getInputStream(zip.getEntry(Dl4jZip.CONFIGURATION)));
        }
    }
}
