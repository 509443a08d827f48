package dev.shears.io;

import static dev.shears.io.KerasFixtures.FUNCTIONAL;
import static dev.shears.io.KerasFixtures.SEQUENTIAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.shears.model.ImageGeometry;
import dev.shears.model.ImageLayout;
import dev.shears.model.LayerNode;
import dev.shears.model.ModelInput;
import dev.shears.model.NetworkGraph;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keras 2 .h5 files open through DL4J's import, compute what Keras computes (NumPy reference), and
 * are described truthfully: channels-last input geometry from the Keras InputLayer, channels-first
 * activation shapes, Keras' parameter counts and the MACs of each layer.
 */
class KerasImportTest {
    /** DL4J and NumPy sum in different orders; a wrong weight layout shows as 1e-2 and more. */
    private static final double TOLERANCE = 1e-4;

    @TempDir
    Path dir;

    @Test
    void sequentialCnnComputesWhatKerasComputes() throws Exception {
        LoadedModel model = ModelLoader.load(KerasFixtures.model(SEQUENTIAL));

        assertThat(model.network()).isInstanceOf(MultiLayerNetwork.class);
        // NHWC examples [3, 28, 28, 1] go in as Keras takes them
        assertThat(KerasFixtures.maxAbsDifference(KerasFixtures.output(model.network(),
                KerasFixtures.inputs(SEQUENTIAL)), KerasFixtures.expected(SEQUENTIAL))).isLessThanOrEqualTo(TOLERANCE);
        assertThat(model.displayName()).isEqualTo("sequential_cnn");
    }

    @Test
    void functionalResidualModelComputesWhatKerasComputes() throws Exception {
        LoadedModel model = ModelLoader.load(KerasFixtures.model(FUNCTIONAL));

        assertThat(model.network()).isInstanceOf(ComputationGraph.class);
        assertThat(KerasFixtures.maxAbsDifference(KerasFixtures.output(model.network(),
                KerasFixtures.inputs(FUNCTIONAL)), KerasFixtures.expected(FUNCTIONAL))).isLessThanOrEqualTo(TOLERANCE);
    }

    @Test
    void sequentialGraphHasKerasGeometryShapesParamsAndMacs() throws Exception {
        NetworkGraph graph = ModelLoader.load(KerasFixtures.model(SEQUENTIAL)).graph();

        assertThat(graph.input()).isEqualTo(ModelInput.images(new ImageGeometry(1, 28, 28, ImageLayout.HWC), false));
        assertThat(graph.inputShapeAssumed()).isFalse();
        // activations are described channels first ([C, H, W]); the input node is the tensor fed: [H, W, C]
        assertThat(outputShapes(graph)).containsExactlyEntriesOf(ordered(
                "input", "[28, 28, 1]",
                "conv2d", "[8, 26, 26]", // 3x3 'valid'
                "batch_normalization", "[8, 26, 26]",
                "re_lu", "[8, 26, 26]",
                "max_pooling2d", "[8, 13, 13]",
                "conv2d_1", "[16, 13, 13]", // 3x3 'same'
                "batch_normalization_1", "[16, 13, 13]",
                "re_lu_1", "[16, 13, 13]",
                "max_pooling2d_1", "[16, 6, 6]", // 13 // 2: the last row and column are dropped
                "dense/preprocessor", "[576]",
                "dense", "[32]",
                "dense_1", "[10]"));
        assertThat(graph.node("dense/preprocessor").orElseThrow().description())
                .isEqualTo("flatten 6x6x16 channels last (index h·W·C + w·C + c)");
        assertThat(graph.node("batch_normalization").orElseThrow().description()).isEqualTo("eps 0.001, variance");
        // Keras' model.summary(): conv2d 3·3·1·8 + 8 = 80, BN 4·8 = 32 (gamma, beta, moving mean and
        // variance), conv2d_1 3·3·8·16 + 16 = 1168, BN 4·16 = 64, dense 576·32 + 32 = 18464,
        // dense_1 32·10 + 10 = 330: 20138 in all
        assertThat(params(graph)).containsExactlyEntriesOf(ordered("conv2d", "80", "batch_normalization", "32",
                "conv2d_1", "1168", "batch_normalization_1", "64", "dense", "18464", "dense_1", "330"));
        assertThat(graph.totalParams()).isEqualTo(20138);
        // MACs: weights × output positions for convs (72·26·26, 1152·13·13), one per element for BN
        assertThat(macs(graph)).containsExactlyEntriesOf(ordered("conv2d", "48672", "batch_normalization", "5408",
                "conv2d_1", "194688", "batch_normalization_1", "2704", "dense", "18432", "dense_1", "320"));
    }

    @Test
    void functionalGraphHasKerasGeometryShapesParamsAndMacs() throws Exception {
        NetworkGraph graph = ModelLoader.load(KerasFixtures.model(FUNCTIONAL)).graph();

        assertThat(graph.input()).isEqualTo(ModelInput.images(new ImageGeometry(3, 32, 32, ImageLayout.HWC), false));
        assertThat(graph.inputShapeAssumed()).isFalse();
        assertThat(outputShapes(graph)).containsExactlyEntriesOf(ordered(
                "input_1", "[32, 32, 3]",
                "conv2d", "[8, 32, 32]",
                "conv2d_1", "[8, 32, 32]",
                "batch_normalization", "[8, 32, 32]",
                "add", "[8, 32, 32]",
                "activation", "[8, 32, 32]",
                "max_pooling2d", "[8, 16, 16]",
                "conv2d_2", "[8, 16, 16]",
                "conv2d_3", "[4, 16, 16]",
                "concatenate", "[12, 16, 16]", // 8 + 4 channels
                "global_average_pooling2d", "[12]",
                "dense", "[10]"));
        assertThat(graph.node("add").orElseThrow().inputs()).containsExactly("conv2d", "batch_normalization");
        assertThat(graph.node("concatenate").orElseThrow().inputs()).containsExactly("conv2d_2", "conv2d_3");
        // conv2d 3·3·3·8 + 8 = 224, conv2d_1 3·3·8·8 + 8 = 584, BN 4·8 = 32, conv2d_2 1·1·8·8 + 8 = 72,
        // conv2d_3 3·3·8·4 + 4 = 292, dense 12·10 + 10 = 130: 1334 in all
        assertThat(params(graph)).containsExactlyEntriesOf(ordered("conv2d", "224", "conv2d_1", "584",
                "batch_normalization", "32", "conv2d_2", "72", "conv2d_3", "292", "dense", "130"));
        assertThat(graph.totalParams()).isEqualTo(1334);
        // 216·32·32, 576·32·32, 8·32·32, 64·16·16, 288·16·16, 12·10
        assertThat(macs(graph)).containsExactlyEntriesOf(ordered("conv2d", "221184", "conv2d_1", "589824",
                "batch_normalization", "8192", "conv2d_2", "16384", "conv2d_3", "73728", "dense", "120"));
    }

    @Test
    void theContentDecidesNotTheName() throws Exception {
        Path kerasNamedZip = Files.copy(KerasFixtures.model(SEQUENTIAL), dir.resolve("keras-model.zip"));
        Path dl4jZip = dir.resolve("dl4j.zip");
        ModelFiles.save(ModelLoader.load(KerasFixtures.model(SEQUENTIAL)).network(), dl4jZip);
        Path dl4jNamedH5 = Files.copy(dl4jZip, dir.resolve("dl4j-model.h5"));

        assertThat(ModelLoader.load(kerasNamedZip).graph().input().assumed()).as("Keras config read").isFalse();
        assertThat(ModelLoader.load(dl4jNamedH5).graph().input().assumed()).as("DL4J zip: size guessed").isTrue();
        assertThat(ModelLoader.load(dl4jNamedH5).network().numParams()).isEqualTo(20138);
    }

    @Test
    void weightsOnlyFileIsRefusedWithWhatToSaveInstead() {
        assertThat(failure(KerasFixtures.file("weights_only.h5")).getMessage()).isEqualTo("weights_only.h5: an HDF5"
                + " file that holds only weights (no model configuration); save the whole model in Keras 2 with"
                + " model.save('model.h5')");
    }

    @Test
    void keras3ArchiveIsRefusedWithWhatToSaveInstead() {
        assertThat(failure(KerasFixtures.file("keras3_model.keras")).getMessage()).isEqualTo("keras3_model.keras:"
                + " a Keras 3 .keras archive, which DL4J cannot import; save the model in Keras 2 format with"
                + " model.save('model.h5')");
    }

    @Test
    void truncatedFileIsASentence() {
        assertThat(failure(KerasFixtures.file("truncated.h5")).getMessage()).isEqualTo("truncated.h5: a damaged or"
                + " truncated HDF5 file: the Keras model in it cannot be read");
    }

    @Test
    void unsupportedLayerIsNamedInASentence() {
        assertThat(failure(KerasFixtures.file("unsupported_layer.h5")).getMessage()).isEqualTo("unsupported_layer.h5:"
                + " DL4J cannot import Keras layer 'random_flip' of type RandomFlip, so this model cannot be opened");
    }

    @Test
    void neitherZipNorHdf5NorOnnxIsASentenceNamingAllThree() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.h5"), "not a model\n");

        assertThat(failure(text).reason()).isEqualTo("not a zip file nor an HDF5 file nor named .onnx (Shears opens"
                + " DL4J ModelSerializer .zip, Keras 2 .h5 and ONNX .onnx models)");
    }

    private static ModelLoadException failure(Path file) {
        return catchThrowableOfType(() -> ModelLoader.load(file), ModelLoadException.class);
    }

    private static Map<String, String> outputShapes(NetworkGraph graph) {
        Map<String, String> shapes = new LinkedHashMap<>();
        graph.nodes().forEach(n -> shapes.put(n.name(), n.outputShape().toString()));
        return shapes;
    }

    private static Map<String, String> params(NetworkGraph graph) {
        Map<String, String> params = new LinkedHashMap<>();
        graph.nodes().stream().filter(LayerNode::hasParams).forEach(n -> params.put(n.name(), "" + n.paramCount()));
        return params;
    }

    private static Map<String, String> macs(NetworkGraph graph) {
        Map<String, String> macs = new LinkedHashMap<>();
        graph.nodes().stream().filter(n -> n.macs() > 0).forEach(n -> macs.put(n.name(), "" + n.macs()));
        return macs;
    }

    private static Map<String, String> ordered(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
