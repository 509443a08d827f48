package dev.shears.cli;

import static dev.shears.cli.CliRun.assertOneLineError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.shears.eval.SensitivityCsv;
import dev.shears.eval.SensitivityResult;
import dev.shears.eval.SensitivitySettings;
import dev.shears.io.ModelFiles;
import dev.shears.io.SampleLocations;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** {@code shears sensitivity} end to end through picocli, on a copy of the trained lenet-300-100. */
class SensitivityCommandTest {
    @TempDir
    static Path dir;
    private static Path lenet;
    private static byte[] lenetBytes;

    @BeforeAll
    static void copyLenet() throws Exception {
        Path trained = SampleLocations.sampleModel("lenet-300-100");
        assumeTrue(Files.isRegularFile(trained), "not trained yet: " + trained);
        lenet = Files.copy(trained, dir.resolve("lenet-300-100.zip"));
        lenetBytes = Files.readAllBytes(lenet);
    }

    @Test
    void writesOneCsvRowPerGroupAndRatioAndPrintsATable() throws Exception {
        Path csv = dir.resolve("scan.csv");

        CliRun run = CliRun.of("sensitivity", lenet.toString(), "--out", csv.toString(), "--images", "300");

        assertThat(run.exitCode).as(run.err).isZero();
        SensitivityResult result = SensitivityCsv.read(csv);
        assertThat(result.images()).isEqualTo(300);
        assertThat(result.groups()).hasSize(2);
        assertThat(result.rows()).hasSize(2 * SensitivitySettings.DEFAULT_RATIOS.size());
        assertThat(result.rows(result.groups().get(0))).extracting(r -> r.ratio())
                .containsExactlyElementsOf(SensitivitySettings.DEFAULT_RATIOS);
        assertThat(run.out).contains("lenet-300-100.zip: 2 channel groups, l1, 300 validation images")
                .contains("group").contains("-10%").contains("-90%").contains(result.groups().get(0))
                .contains("saved " + csv + " (18 rows)");
        assertThat(run.err).as("progress").contains("baseline: accuracy").contains("100 %");
        assertThat(Files.readAllBytes(lenet)).as("input untouched").isEqualTo(lenetBytes);
        System.out.print(run.out);
    }

    @Test
    void badInputsFailWithOneLineNamingTheProblem() throws Exception {
        Path out = dir.resolve("never.csv");
        Path notAModel = Files.writeString(dir.resolve("not-a-model.zip"), "hello");
        String o = out.toString();
        String m = lenet.toString();

        assertOneLineError(CliRun.of("sensitivity", notAModel.toString(), "--out", o), "not a zip file");
        assertOneLineError(CliRun.of("sensitivity", dir.resolve("missing.zip").toString(), "--out", o), "file not found");
        assertOneLineError(CliRun.of("sensitivity", m, "--out", o, "--ratios", "0.5,1.5"),
                "--ratios: 1.5 is outside (0, 1)");
        assertOneLineError(CliRun.of("sensitivity", m, "--out", o, "--ratios", "0"), "--ratios: 0.0 is outside (0, 1)");
        assertOneLineError(CliRun.of("sensitivity", m, "--out", o, "--ratios", "0.5,half"), "'half' is not a double");
        assertOneLineError(CliRun.of("sensitivity", m, "--out", o, "--images", "0"), "--images must be 1 or more, not 0");
        assertOneLineError(CliRun.of("sensitivity", m, "--out", o, "--criterion", "l7"),
                "--criterion: 'l7' is not one of l1, l2, bn-gamma, taylor, fpgm, obd, random");
        assertOneLineError(CliRun.of("sensitivity", m, "--out", m), "is the input model");
        assertOneLineError(CliRun.of("sensitivity", tinyMlp().toString(), "--out", o),
                "The sensitivity scan needs validation data: choose it with File ▸ Data… (CLI: --data PATH)");
        assertOneLineError(CliRun.of("sensitivity", m), "Missing required option: '--out");
        assertThat(out).doesNotExist();
        assertThat(Files.readAllBytes(lenet)).isEqualTo(lenetBytes);
    }

    /** Four inputs, two classes: nothing Fashion-MNIST can be fed to. */
    private static Path tinyMlp() throws Exception {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1).list()
                .layer(new DenseLayer.Builder().nIn(4).nOut(3).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(2)
                        .activation(Activation.SOFTMAX).build())
                .build());
        net.init();
        Path file = dir.resolve("tiny.zip");
        ModelFiles.save(net, file);
        return file;
    }
}
