package dev.shears.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shears.data.DataKind;
import dev.shears.data.DataSources;
import dev.shears.data.DataSpec;
import dev.shears.eval.EvaluationResult;
import dev.shears.eval.Evaluator;
import dev.shears.io.IdxReader;
import dev.shears.io.LoadedModel;
import dev.shears.io.ModelLoader;
import dev.shears.io.SampleLocations;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's data as a folder of PNGs, one sub-folder per class: Fashion-MNIST test images written out
 * as such a folder score exactly what the same images score from the IDX files.
 */
class EvalOnAnImageFolderTest {
    private static final int FROM = 5000;
    private static final int TO = 7000;
    @TempDir
    static Path dir;
    private static Path pngs;

    @BeforeAll
    static void writePngFolder() throws Exception {
        Path fashion = SampleLocations.fashionMnistFolder();
        IdxReader.Images images = IdxReader.readImages(fashion.resolve("t10k-images-idx3-ubyte.gz"));
        byte[] labels = IdxReader.readLabels(fashion.resolve("t10k-labels-idx1-ubyte.gz"));
        pngs = Files.createDirectories(dir.resolve("fashion-pngs"));
        for (int i = FROM; i < TO; i++) {
            Path classFolder = Files.createDirectories(pngs.resolve(Integer.toString(labels[i])));
            BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
            image.getRaster().setDataElements(0, 0, 28, 28, Arrays.copyOfRange(images.pixels(), i * 784, (i + 1) * 784));
            ImageIO.write(image, "png", classFolder.resolve(String.format("%05d.png", i)).toFile());
        }
    }

    @Test
    void aSampleScoresOnThePngFolderExactlyWhatItScoresOnTheSameIdxImages() throws Exception {
        LoadedModel lenet = ModelLoader.load(SampleLocations.sampleModel("lenet-5"));
        EvaluationResult fromIdx = Evaluator.evaluate(lenet.network(), DataSources.open(
                DataSpec.of(DataKind.IDX, SampleLocations.fashionMnistFolder()).with("range", FROM + "-" + TO),
                lenet.graph().input()));

        CliRun run = CliRun.of("eval", lenet.file().toString(), "--data", pngs.toString(), "--json");

        assertThat(run.exitCode).as(run.err).isZero();
        JsonNode json = new ObjectMapper().readTree(run.out);
        assertThat(json.get("examples").asInt()).isEqualTo(TO - FROM);
        assertThat(json.get("accuracy").asDouble()).isEqualTo(fromIdx.accuracy());
        assertThat(json.get("top5Accuracy").asDouble()).isEqualTo(fromIdx.top5Accuracy());
        assertThat(json.get("data").asText()).isEqualTo("fashion-pngs/ (image folder, 10 classes)");
    }

    @Test
    void anOnnxModelExportedFromPyTorchScoresOnThePngFolderWhatItScoresOnTheSameIdxImages() throws Exception {
        LoadedModel cnn = ModelLoader.load(Path.of(System.getProperty("shears.repo", "."),
                "src/test/resources/onnx/fashion_cnn.onnx"));
        EvaluationResult fromIdx = Evaluator.evaluate(cnn.backend(), DataSources.open(
                DataSpec.of(DataKind.IDX, SampleLocations.fashionMnistFolder()).with("range", FROM + "-" + TO),
                cnn.graph().input()));

        CliRun run = CliRun.of("eval", cnn.file().toString(), "--data", pngs.toString(), "--json");

        assertThat(run.exitCode).as(run.err).isZero();
        JsonNode json = new ObjectMapper().readTree(run.out);
        assertThat(json.get("engine").asText()).isEqualTo("ONNX Runtime");
        assertThat(json.get("examples").asInt()).isEqualTo(TO - FROM);
        assertThat(json.get("accuracy").asDouble()).isEqualTo(fromIdx.accuracy());
    }

    @Test
    void pruningChecksOnTheGivenFolderAndASingleSourceIsSplitInHalves() throws Exception {
        Path out = dir.resolve("pruned.zip");
        Path report = dir.resolve("pruned.json");

        CliRun run = CliRun.of("prune", SampleLocations.sampleModel("lenet-5").toString(), "--ratio", "0.3",
                "--structured", "--data", pngs.toString(), "--out", out.toString(), "--report", report.toString());

        assertThat(run.exitCode).as(run.err).isZero();
        assertThat(new ObjectMapper().readTree(report.toFile()).get("checks").get("inputs").asText())
                .isEqualTo("256 examples of fashion-pngs/ (image folder, 10 classes), validation half");
        LoadedModel lenet = ModelLoader.load(SampleLocations.sampleModel("lenet-5"));
        String validationFingerprint = dev.shears.io.ModelData.open(lenet.graph(), dev.shears.data.DataProfile.of(
                java.util.Optional.of(dev.shears.io.ModelData.specFor(pngs)), java.util.Optional.empty(),
                java.util.Optional.empty())).get(dev.shears.data.DataRole.VALIDATION).orElseThrow().fingerprint();
        JsonNode data = new ObjectMapper().readTree(report.toFile()).get("data").get("validation");
        assertThat(data.get("sha256").asText()).isEqualTo(validationFingerprint);
        assertThat(data.get("examples").asInt()).isEqualTo((TO - FROM) / 2);
    }

    @Test
    void aModelTakingPlainFeaturesCannotGuessTheImageSizeAndSaysSo() {
        CliRun.assertOneLineError(CliRun.of("eval", SampleLocations.sampleModel("lenet-300-100").toString(), "--data",
                pngs.toString()), "The model takes [784] features, not images, so it cannot read the image folder "
                + pngs + ".");
    }
}
