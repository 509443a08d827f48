package dev.shears.cli;

import static dev.shears.cli.CliRun.assertOneLineError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shears.io.ModelFiles;
import dev.shears.io.ModelLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * {@code --input-shape C,H,W} on a DL4J model whose layers take any image size (a global pooling):
 * every command that measures the model refuses the guess in one line naming the option, and runs
 * on the size given.
 */
class InputShapeOptionTest {
    @TempDir
    static Path dir;
    static Path anySize;

    @BeforeAll
    static void save() throws Exception {
        ComputationGraph net = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(3).graphBuilder()
                .addInputs("in")
                .addLayer("conv", new ConvolutionLayer.Builder(3, 3).nIn(3).nOut(8)
                        .convolutionMode(ConvolutionMode.Same).activation(Activation.RELU).build(), "in")
                .addLayer("gap", new GlobalPoolingLayer(), "conv")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(8).nOut(3)
                        .activation(Activation.SOFTMAX).build(), "gap")
                .setOutputs("out").build());
        net.init();
        anySize = dir.resolve("any-size.zip");
        ModelFiles.save(net, anySize);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"inspect", "prune", "sensitivity", "eval", "bench", "convert"})
    void aGuessedInputSizeIsRefusedNamingTheOption(String command) {
        String[] args = switch (command) {
            case "prune" -> new String[] {command, anySize.toString(), "--ratio", "0.3", "--out",
                dir.resolve("never.zip").toString()};
            case "sensitivity" -> new String[] {command, anySize.toString(), "--out", dir.resolve("never.csv").toString()};
            // the ONNX file would declare the guessed height and width as fixed
            case "convert" -> new String[] {command, anySize.toString(), "--out", dir.resolve("never.onnx").toString()};
            default -> new String[] {command, anySize.toString()};
        };

        CliRun run = CliRun.of(args);

        assertOneLineError(run, "any-size.zip does not record its input size (its layers take any size); give"
                + " --input-shape C,H,W, e.g. --input-shape 3,224,224");
        assertThat(dir.resolve("never.zip")).doesNotExist();
    }

    @Test
    void inspectShowsTheShapesAndMacsOfTheSizeGiven() throws Exception {
        CliRun run = CliRun.of("inspect", anySize.toString(), "--input-shape", "3,32,48", "--json");

        assertThat(run.exitCode).as(run.err).isZero();
        JsonNode root = new ObjectMapper().readTree(run.out);
        assertThat(root.get("inputShapeAssumed").asBoolean()).isFalse();
        JsonNode conv = root.get("layers").get(1);
        assertThat(conv.get("name").asText()).isEqualTo("conv");
        assertThat(conv.get("outputShape").asText()).isEqualTo("[8, 32, 48]");
        assertThat(conv.get("macs").asLong()).isEqualTo(8L * 3 * 9 * 32 * 48);
    }

    @Test
    void pruneRunsOnTheSizeGivenAndSaysSo() throws Exception {
        Path out = dir.resolve("pruned.zip");

        CliRun run = CliRun.of("prune", anySize.toString(), "--input-shape", "3,20,20", "--ratio", "0.5", "--out",
                out.toString());

        assertThat(run.exitCode).as(run.err).isZero();
        assertThat(run.out).contains("equivalence: max |shrunk − masked| = ")
                .contains("2 seeded random inputs of shape [3, 20, 20]").doesNotContain("guessed");
        assertThat(ModelLoader.load(out).network().numParams()).isLessThan(ModelLoader.load(anySize).network()
                .numParams());
    }

    @Test
    void aSizeTheLayersRefuseOrNoSizeAtAllIsOneLine() {
        assertOneLineError(CliRun.of("inspect", anySize.toString(), "--input-shape", "1,32,32"),
                "--input-shape 1,32,32: the layers do not take 1×32×32: 'conv' takes 3 channels, and gets 1");
        assertOneLineError(CliRun.of("inspect", anySize.toString(), "--input-shape", "3,big,32"),
                "--input-shape: the input size takes positive whole numbers as C,H,W");
    }

    @Test
    void anOnnxFileTakesTheSizeItRecordsAndNoOther() throws Exception {
        Path cnn = Files.copy(Path.of(System.getProperty("shears.repo", "."), "src/test/resources/onnx/fashion_cnn.onnx"),
                dir.resolve("fashion_cnn.onnx"));

        CliRun same = CliRun.of("inspect", cnn.toString(), "--input-shape", "1,28,28");

        assertThat(same.exitCode).as(same.err).isZero();
        assertOneLineError(CliRun.of("inspect", cnn.toString(), "--input-shape", "1,32,32"),
                "--input-shape 1,32,32: ONNX models take the input size their file records ([1, 28, 28])");
    }

    @Test
    void aModelThatRecordsItsSizeNeedsNoOption() throws Exception {
        Path lenet = Files.copy(dev.shears.io.SampleLocations.sampleModel("lenet-5"), dir.resolve("lenet-5.zip"));

        CliRun run = CliRun.of("inspect", lenet.toString());

        assertThat(run.exitCode).as(run.err).isZero();
        assertThat(run.out).contains("conv1").doesNotContain("does not record");
    }
}
