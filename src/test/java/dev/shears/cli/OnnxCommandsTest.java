package dev.shears.cli;

import static dev.shears.cli.CliRun.assertOneLineError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shears.onnx.OnnxFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI on an ONNX file: inspect, prune to a smaller .onnx proven in ONNX Runtime, and what is refused. */
class OnnxCommandsTest {
    @TempDir
    static Path dir;
    private static Path cnn;
    private static byte[] cnnBytes;

    @BeforeAll
    static void copyFixture() throws Exception {
        cnn = Files.copy(Path.of(System.getProperty("shears.repo", "."), "src/test/resources/onnx/fashion_cnn.onnx"),
                dir.resolve("fashion_cnn.onnx"));
        cnnBytes = Files.readAllBytes(cnn);
    }

    @Test
    void inspectCountsTheInitializersAsParameters() throws Exception {
        CliRun run = CliRun.of("inspect", cnn.toString(), "--json");

        assertThat(run.exitCode).as(run.err).isZero();
        JsonNode totals = new ObjectMapper().readTree(run.out).get("totals");
        assertThat(totals.get("params").asLong()).isEqualTo(9_194);
        assertThat(totals.get("macs").asLong()).isEqualTo(299_488);
    }

    @Test
    void structuredPruningWritesASmallerOnnxProvenEqualInOnnxRuntime() throws Exception {
        Path out = dir.resolve("half.onnx");
        Path report = dir.resolve("half.json");

        CliRun run = CliRun.of("prune", cnn.toString(), "--ratio", "0.5", "--criterion", "l1", "--structured",
                "--out", out.toString(), "--report", report.toString());

        assertThat(run.exitCode).as(run.err).isZero();
        assertThat(run.out).contains("equivalence: max |shrunk − masked| =").contains("saved " + out);
        JsonNode r = new ObjectMapper().readTree(report.toFile());
        long planned = r.get("totals").get("paramsAfter").asLong();
        assertThat(OnnxFiles.open(out).graph().totalParams()).isEqualTo(planned).isLessThan(9_194);
        assertThat(Files.size(out)).isLessThan(cnnBytes.length);
        assertThat(r.get("checks").get("equivalent").asBoolean()).isTrue();
        assertThat(r.get("checks").get("inputs").asText()).isEqualTo("2 seeded random inputs of shape [1, 28, 28]"
                + " (no validation data chosen)");
        assertThat(Files.readAllBytes(cnn)).isEqualTo(cnnBytes);
    }

    @Test
    void aPrunedDl4jModelWrittenAsOnnxScoresExactlyAsItsZip() throws Exception {
        String lenet = dev.shears.io.SampleLocations.sampleModel("lenet-5").toString();
        Path zip = dir.resolve("lenet5-30.zip");
        Path onnx = dir.resolve("lenet5-30.onnx");
        CliRun toZip = CliRun.of("prune", lenet, "--ratio", "0.3", "--structured", "--out", zip.toString());
        CliRun toOnnx = CliRun.of("prune", lenet, "--ratio", "0.3", "--structured", "--out", onnx.toString());
        assertThat(toZip.exitCode).as(toZip.err).isZero();
        assertThat(toOnnx.exitCode).as(toOnnx.err).isZero();
        assertThat(toOnnx.out).contains("as ONNX: max |ONNX Runtime − DL4J| =")
                .contains("on 500 examples of Fashion-MNIST validation (test images 0–4999)");

        String data = dev.shears.io.SampleLocations.fashionMnistFolder().toString();
        CliRun zipScore = CliRun.of("eval", zip.toString(), "--data", data, "--engine", "dl4j", "--json");
        CliRun onnxScore = CliRun.of("eval", onnx.toString(), "--data", data, "--json");
        JsonNode a = new ObjectMapper().readTree(zipScore.out);
        JsonNode b = new ObjectMapper().readTree(onnxScore.out);
        assertThat(a.get("engine").asText()).isEqualTo("DL4J");
        assertThat(b.get("engine").asText()).isEqualTo("ONNX Runtime");
        assertThat(b.get("examples").asInt()).isEqualTo(10_000);
        assertThat(b.get("accuracy").asDouble()).isEqualTo(a.get("accuracy").asDouble());
    }

    @Test
    void exportWritesASmallerOnnxWithRecipeAndReportMeasuredOnTheTestData() throws Exception {
        Path folder = dir.resolve("export");
        String data = dev.shears.io.SampleLocations.fashionMnistFolder().toString();

        CliRun run = CliRun.of("prune", cnn.toString(), "--ratio", "0.3", "--structured", "--export", "--data", data,
                "--test-images", "500", "--out", folder.resolve("cnn-30.onnx").toString());

        assertThat(run.exitCode).as(run.err).isZero();
        Path onnx = folder.resolve("cnn-30.onnx");
        assertThat(run.out).contains("exported cnn-30.onnx (" + String.format(java.util.Locale.ROOT, "%,d",
                Files.size(onnx)) + " bytes, measured)");
        assertThat(Files.size(onnx)).isLessThan(cnnBytes.length);
        long params = OnnxFiles.open(onnx).graph().totalParams();
        assertThat(params).isLessThan(9_194);
        String html = Files.readString(folder.resolve("cnn-30.report.html"));
        assertThat(html).contains("cnn-30.onnx", dev.shears.analysis.Formats.exact(params));
        assertThat(dev.shears.export.RecipeSteps.read(Files.readString(folder.resolve("cnn-30.recipe.json"))))
                .hasSize(1);
        assertThat(Files.readAllBytes(cnn)).isEqualTo(cnnBytes);
    }

    @Test
    void benchTimesThePreviewOfAnOnnxModelInOnnxRuntime() {
        CliRun run = CliRun.of("bench", cnn.toString(), "--data",
                dev.shears.io.SampleLocations.fashionMnistFolder().toString(), "--runs", "1");

        assertThat(run.exitCode).as(run.err).isZero();
        assertThat(run.out).contains("fashion_cnn: accuracy preview of l1 structured").containsPattern(
                "run 1: plan\\+surgery \\d+ ms, first estimate \\d+ ms .*whole split [0-9.]+ s");
    }

    @Test
    void whatOnnxModelsCannotDoIsRefusedInOneLine() {
        String m = cnn.toString();
        String o = dir.resolve("x.onnx").toString();
        assertOneLineError(CliRun.of("prune", m, "--ratio", "0.3", "--finetune", "1", "--out", o),
                "--finetune: ONNX Runtime cannot train from Java");
        assertOneLineError(CliRun.of("prune", m, "--ratio", "0.3", "--out", dir.resolve("x.zip").toString()),
                "--out: an ONNX model is written as .onnx, not x.zip");
        assertOneLineError(CliRun.of("prune", m, "--ratio", "0.3", "--criterion", "taylor", "--out", o),
                "'taylor' needs gradients, which Shears computes only for DL4J models, and this is an ONNX model");
        assertThat(dir.resolve("x.onnx")).doesNotExist();
    }
}
