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
import java.util.Arrays;
import java.util.List;
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

    @Test
    void scansAnOnnxFileInOnnxRuntimeUnderItsNodeNames() throws Exception {
        Path csv = dir.resolve("cnn.csv");

        CliRun run = CliRun.of("sensitivity", onnxCnn().toString(), "--data", fashion(), "--images", "200",
                "--ratios", "0.5", "--out", csv.toString());

        assertThat(run.exitCode).as(run.err).isZero();
        SensitivityResult result = SensitivityCsv.read(csv);
        assertThat(result.groups()).containsExactly("/conv1/Conv", "/conv2/Conv");
        assertThat(result.images()).isEqualTo(200);
        assertThat(run.out).contains("fashion_cnn.onnx: 2 channel groups, l1, 200 validation images")
                .contains("kept whole: /fc/Gemm").contains("saved " + csv + " (2 rows) in").contains("on ONNX Runtime");
    }

    @Test
    void shardsWrittenByTheCliMergeIntoTheBytesOfOneRun() throws Exception {
        String[] scan = {"sensitivity", lenet.toString(), "--images", "200", "--ratios", "0.3,0.6,0.9"};
        Path single = dir.resolve("single.csv");
        Path first = dir.resolve("shard-1.csv");
        Path second = dir.resolve("shard-2.csv");
        Path merged = dir.resolve("merged.csv");

        CliRun one = CliRun.of(concat(scan, "--out", single.toString()));
        CliRun a = CliRun.of(concat(scan, "--shard", "1/2", "--out", first.toString()));
        CliRun b = CliRun.of(concat(scan, "--shard", "2/2", "--out", second.toString()));
        CliRun merge = CliRun.of("sensitivity", "--merge", second.toString(), first.toString(), "--out",
                merged.toString());

        for (CliRun run : List.of(one, a, b, merge)) {
            assertThat(run.exitCode).as(run.err).isZero();
        }
        assertThat(a.out).contains("shard 1/2: 3 of the scan's 6 cells; join all 2 shards with --merge");
        assertThat(merge.out).contains("2 shards, 2 channel groups, 200 validation images")
                .contains("merged into " + merged + " (6 rows)");
        assertThat(Files.readAllBytes(merged)).isEqualTo(Files.readAllBytes(single));
        assertOneLineError(CliRun.of("sensitivity", "--merge", first.toString(), "--out", merged.toString()),
                "shard 2/2 is missing; a merge needs every shard of the scan");
        assertOneLineError(CliRun.of("sensitivity", "--merge", first.toString(), first.toString(), second.toString(),
                "--out", merged.toString()), "are both shard 1/2; give each shard once");
        assertOneLineError(CliRun.of("sensitivity", "--merge", first.toString(), second.toString(), "--out",
                first.toString()), "--out " + first + " is one of the shards to merge; choose another file");
        assertOneLineError(CliRun.of("sensitivity", "--merge", first.toString(), single.toString(), "--out",
                merged.toString()), single + " is not a shard of a sensitivity scan");
    }

    @Test
    void shardAndMergeMistakesFailWithOneLine() throws Exception {
        String o = dir.resolve("never.csv").toString();
        String m = lenet.toString();
        String onnx = onnxCnn().toString();

        assertOneLineError(CliRun.of("sensitivity", m, "--out", o, "--shard", "4/3"),
                "--shard: '4/3' is not a shard: give I/N with 1 ≤ I ≤ N, e.g. 2/3");
        assertOneLineError(CliRun.of("sensitivity", m, "--out", o, "--shard", "half"), "--shard: 'half' is not a shard");
        assertOneLineError(CliRun.of("sensitivity", "--out", o), "give the MODEL to scan, or --merge SHARD.csv");
        assertOneLineError(CliRun.of("sensitivity", m, "--merge", o, "--out", o), "--merge joins shard files and"
                + " takes no MODEL");
        assertOneLineError(CliRun.of("sensitivity", "--merge", o, "--images", "100", "--out", o),
                "--images describes a scan; --merge takes the shards' own settings");
        assertOneLineError(CliRun.of("sensitivity", "--merge", dir.resolve("nothing.csv").toString(), "--out", o),
                "nothing.csv: file not found");
        assertOneLineError(CliRun.of("sensitivity", onnx, "--data", fashion(), "--engine", "dl4j", "--out", o),
                "--engine dl4j: DL4J cannot run ONNX models; they are scanned in ONNX Runtime");
        assertOneLineError(CliRun.of("sensitivity", onnx, "--data", fashion(), "--criterion", "taylor", "--out", o),
                "--criterion: 'taylor' needs gradients, which ONNX Runtime cannot compute");
        assertOneLineError(CliRun.of("sensitivity", onnx, "--data", fashion(), "--criterion", "obd", "--out", o),
                "--criterion: 'obd' needs gradients, which ONNX Runtime cannot compute");
        assertThat(Path.of(o)).doesNotExist();
    }

    private static Path onnxCnn() throws Exception {
        Path copy = dir.resolve("fashion_cnn.onnx");
        if (!Files.exists(copy)) {
            Files.copy(Path.of(System.getProperty("shears.repo", "."), "src/test/resources/onnx/fashion_cnn.onnx"),
                    copy);
        }
        return copy;
    }

    private static String fashion() {
        return SampleLocations.fashionMnistFolder().toString();
    }

    private static String[] concat(String[] first, String... more) {
        String[] all = Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
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
