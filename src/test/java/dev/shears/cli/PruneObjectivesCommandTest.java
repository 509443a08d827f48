package dev.shears.cli;

import static dev.shears.cli.CliRun.assertOneLineError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shears.eval.tune.GammaMagnitudes;
import dev.shears.io.SampleLocations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** prune's --sparsity-l1, --distill and --reinit: their checks, and a from-scratch run of 0 epochs. */
class PruneObjectivesCommandTest {
    @TempDir
    static Path dir;
    private static Path bnCnn;
    private static Path lenet;

    @BeforeAll
    static void copySamples() throws Exception {
        Optional<Path> folder = SampleLocations.samplesFolder();
        assumeTrue(folder.isPresent(), "needs sample-models and the Fashion-MNIST files");
        bnCnn = Files.copy(folder.get().resolve("bn-cnn.zip"), dir.resolve("bn-cnn.zip"));
        lenet = Files.copy(folder.get().resolve("lenet-300-100.zip"), dir.resolve("lenet-300-100.zip"));
    }

    @Test
    void objectiveOptionsAreCheckedBeforeAnythingRunsWithOneLine() throws Exception {
        String out = dir.resolve("never.zip").toString();
        String b = bnCnn.toString();

        assertOneLineError(CliRun.of("prune", b, "--ratio", "0", "--sparsity-l1", "1e-4", "--out", out),
                "--sparsity-l1 and --distill change fine-tuning: give --finetune EPOCHS");
        assertOneLineError(CliRun.of("prune", b, "--ratio", "0.5", "--distill", "4", "--out", out),
                "give --finetune EPOCHS");
        assertOneLineError(CliRun.of("prune", b, "--ratio", "0.5", "--finetune", "1", "--distill-alpha", "0.3",
                "--out", out), "--distill-alpha belongs to --distill T");
        assertOneLineError(CliRun.of("prune", b, "--ratio", "0.5", "--finetune", "1", "--distill", "0", "--out",
                out), "--distill is a temperature above 0");
        assertOneLineError(CliRun.of("prune", b, "--ratio", "0.5", "--finetune", "1", "--distill", "4",
                "--distill-alpha", "1.5", "--out", out), "--distill-alpha is a weight in [0, 1], not 1.5");
        assertOneLineError(CliRun.of("prune", b, "--ratio", "0.5", "--finetune", "1", "--sparsity-l1", "-1",
                "--out", out), "--sparsity-l1 must be 0 or more, not -1.0");
        assertOneLineError(CliRun.of("prune", lenet.toString(), "--ratio", "0", "--finetune", "1", "--sparsity-l1",
                "1e-4", "--out", out), "The sparsity penalty of Network Slimming acts on BatchNorm scales, and this"
                + " model has no BatchNorm layer with a trainable scale");
        Path renamed = Files.copy(bnCnn, dir.resolve("my-net.zip"));
        assertOneLineError(CliRun.of("prune", renamed.toString(), "--ratio", "0.5", "--reinit", "--out", out),
                "--reinit trains for the original's epochs, which Shears knows for the bundled samples only: give"
                        + " --finetune EPOCHS");
        assertThat(Path.of(out)).doesNotExist();
    }

    @Test
    void reinitWithZeroEpochsSavesAFreshlyInitialisedPrunedNetworkAndSaysSoInTheReport() throws Exception {
        Path out = dir.resolve("fresh.zip");
        Path report = dir.resolve("fresh.json");

        CliRun run = CliRun.of("prune", bnCnn.toString(), "--ratio", "0.5", "--criterion", "bn-gamma", "--global",
                "--reinit", "--finetune", "0", "--out", out.toString(), "--report", report.toString());

        assertThat(run.exitCode).as(run.err).isZero();
        assertThat(run.out).contains("training from a fresh initialisation: 0 epoch(s) at learning rate 0.0020");
        MultiLayerNetwork fresh = ModelSerializer.restoreMultiLayerNetwork(out.toFile(), false);
        assertThat(GammaMagnitudes.of(fresh).values()).as("BatchNorm γ as initialised").containsOnly(1.0);
        JsonNode fineTune = new ObjectMapper().readTree(report.toFile()).get("fineTune");
        assertThat(fineTune.get("reinit").asBoolean()).isTrue();
        assertThat(fineTune.get("learningRate").asDouble()).as("bn-cnn's training rate").isEqualTo(2e-3);
        assertThat(fineTune.has("sparsityL1")).isFalse();
        assertThat(fineTune.has("distillation")).isFalse();
    }
}
