package dev.shears.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shears.io.ModelFiles;
import dev.shears.pruning.equivalence.EquivalenceCheckTest;
import java.nio.file.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code shears prune} on an untrained network that amplifies float rounding past the tolerance
 * (a chaotic tanh stack): it is proved equal in double precision, saved, and the summary and the
 * JSON report say how the equivalence was measured.
 */
class PruneUntrainedTest {
    @TempDir
    Path dir;

    @Test
    void aChaoticNetworkIsProvedInDoublePrecisionAndSaysSo() throws Exception {
        MultiLayerNetwork net = EquivalenceCheckTest.chaotic();
        Path model = dir.resolve("chaotic.zip");
        ModelFiles.save(net, model);
        // 64 Gaussian examples: on two, the batched float sums happen to agree to the last bit
        Path inputs = dir.resolve("inputs.csv");
        java.util.Random random = new java.util.Random(5);
        StringBuilder csv = new StringBuilder();
        for (int row = 0; row < 64; row++) {
            for (int column = 0; column < 64; column++) {
                csv.append(column == 0 ? "" : ",").append(String.format(java.util.Locale.ROOT, "%.6f",
                        random.nextGaussian()));
            }
            csv.append('\n');
        }
        java.nio.file.Files.writeString(inputs, csv);
        Path out = dir.resolve("pruned.zip");
        Path report = dir.resolve("report.json");

        CliRun run = CliRun.of("prune", model.toString(), "--data", inputs.toString(), "--ratio", "0.3", "--out",
                out.toString(), "--report", report.toString());

        assertThat(run.exitCode).as(run.err).isZero();
        assertThat(run.out).containsPattern("equivalence: max \\|shrunk − masked\\| = \\S+ on \\d+ examples of .*"
                + " \\(in double precision; in float they differ by \\S+: rounding, which this network amplifies\\)");
        JsonNode checks = new ObjectMapper().readTree(report.toFile()).get("checks");
        assertThat(checks.get("equivalenceMethod").asText()).isEqualTo("double precision");
        assertThat(checks.get("equivalenceInputScale").asDouble()).isEqualTo(1.0);
        assertThat(checks.get("equivalenceMaxAbsDifference").asDouble()).isLessThanOrEqualTo(1e-9);
        assertThat(checks.get("equivalent").asBoolean()).isTrue();
        assertThat(ModelSerializer.restoreMultiLayerNetwork(out.toFile(), false).numParams())
                .isLessThan(net.numParams());
    }
}
