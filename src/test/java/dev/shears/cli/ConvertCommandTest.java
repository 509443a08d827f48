package dev.shears.cli;

import static dev.shears.cli.CliRun.assertOneLineError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.analysis.Formats;
import dev.shears.io.ModelFiles;
import dev.shears.samples.SampleArchitectures;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.misc.ElementWiseMultiplicationLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;

/** {@code shears convert} end to end through picocli. */
class ConvertCommandTest {
    @TempDir
    Path dir;

    @Test
    void convertsLenet5CheckedOnValidationImagesAndPrintsTheGapAndTheSize() throws Exception {
        Path model = dir.resolve("lenet-5.zip");
        ModelFiles.save(SampleArchitectures.build("lenet-5", 42, 1e-3), model);
        Path onnx = dir.resolve("lenet-5.onnx");

        CliRun run = CliRun.of("convert", model.toString(), "--out", onnx.toString(), "--data",
                dev.shears.io.SampleLocations.fashionMnistFolder().toString());

        assertThat(run.exitCode).as(run.err).isZero();
        assertThat(run.err).isEmpty();
        assertThat(Files.size(onnx)).isGreaterThan(1_000_000);
        assertThat(run.out.lines().toList()).hasSize(2);
        assertThat(run.out).contains("wrote " + onnx + " (" + Formats.bytes(Files.size(onnx)) + ")")
                .containsPattern("max \\|ONNX Runtime - DL4J\\| = [0-9.e-]+ over 500 examples of t10k-images-idx3-ubyte.gz \\(IDX\\), validation half \\(allowed: 1e-04\\)");
        assertThat(Files.list(dir).map(p -> p.getFileName().toString()))
                .as("no temp file left behind").containsExactlyInAnyOrder("lenet-5.zip", "lenet-5.onnx");
    }

    @Test
    void unsupportedLayerIsOneErrorLineAndWritesNothing() throws Exception {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1).list()
                .layer(new DenseLayer.Builder().name("fc").nOut(16).build())
                .layer(new ElementWiseMultiplicationLayer.Builder().name("scale").nOut(16).build())
                .layer(new OutputLayer.Builder().name("out").nOut(10).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.feedForward(784)).build());
        net.init();
        Path model = dir.resolve("scale.zip");
        ModelFiles.save(net, model);
        Path onnx = dir.resolve("scale.onnx");

        CliRun run = CliRun.of("convert", model.toString(), "--out", onnx.toString());

        assertOneLineError(run, "Shears cannot convert layer 'scale' (ElementWiseMultiplicationLayer) to ONNX yet.");
        assertThat(onnx).doesNotExist();
    }

    @Test
    void missingOutOptionIsOneErrorLine() throws Exception {
        CliRun run = CliRun.of("convert", dir.resolve("any.zip").toString());

        assertOneLineError(run, "Missing required option: '--out=MODEL.onnx'");
    }
}
