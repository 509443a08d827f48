package dev.shears.cli;

import static dev.shears.cli.CliRun.assertOneLineError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shears.io.ModelFiles;
import dev.shears.samples.SampleArchitectures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.Model;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code shears inspect} end to end through picocli, on a freshly saved LeNet-5. */
class InspectCommandTest {
    private static final List<String> LENET5_LAYERS = List.of("conv1", "pool1", "conv2", "pool2", "fc1", "output");

    @TempDir
    static Path dir;
    private static Path lenet5;
    private static long lenet5Params;

    @BeforeAll
    static void saveLenet5() throws Exception {
        Model net = SampleArchitectures.build("lenet-5", 42, 1e-3);
        lenet5Params = net.numParams();
        lenet5 = dir.resolve("lenet-5.zip");
        ModelFiles.save(net, lenet5);
    }

    @Test
    void jsonListsEveryLayerAndTheTotals() throws Exception {
        CliRun run = CliRun.of("inspect", lenet5.toString(), "--json");

        assertThat(run.exitCode).as(run.err).isZero();
        assertThat(run.err).isEmpty();
        JsonNode root = new ObjectMapper().readTree(run.out);
        JsonNode layers = root.get("layers");
        assertThat(layers.isArray()).isTrue();
        List<String> names = new ArrayList<>();
        for (JsonNode layer : layers) {
            names.add(layer.get("name").asText());
            assertThat(layer.hasNonNull("type")).as("type of %s", layer).isTrue();
            assertThat(layer.hasNonNull("outputShape")).as("outputShape of %s", layer).isTrue();
            assertThat(layer.get("params").isIntegralNumber()).as("params of %s", layer).isTrue();
            assertThat(layer.get("macs").isIntegralNumber()).as("macs of %s", layer).isTrue();
            assertThat(layer.get("sparsity").isNumber()).as("sparsity of %s", layer).isTrue();
        }
        assertThat(names).containsAll(LENET5_LAYERS);

        JsonNode conv1 = layer(layers, "conv1");
        assertThat(conv1.get("type").asText()).isEqualTo("Conv2D");
        assertThat(conv1.get("outputShape").asText()).isEqualTo("[20, 24, 24]");
        assertThat(conv1.get("params").asLong()).isEqualTo(20 * 25 + 20);
        assertThat(conv1.get("macs").asLong()).isEqualTo(288_000);

        JsonNode totals = root.get("totals");
        assertThat(totals.get("params").asLong()).isEqualTo(lenet5Params);
        assertThat(totals.get("macs").asLong()).isEqualTo(2_293_000L);
        assertThat(root.get("modelType").asText()).isEqualTo("MultiLayerNetwork");
        assertThat(root.get("fileBytes").asLong()).isEqualTo(Files.size(lenet5));
    }

    @Test
    void tablePrintsLayersAndATotalRow() {
        CliRun run = CliRun.of("inspect", lenet5.toString());

        assertThat(run.exitCode).as(run.err).isZero();
        assertThat(run.err).isEmpty();
        assertThat(run.out).contains("lenet-5.zip").contains("conv1").contains("total");
        String totalRow = run.out.lines().filter(l -> l.startsWith("total")).findFirst().orElseThrow();
        assertThat(totalRow).contains(String.format(java.util.Locale.ROOT, "%,d", lenet5Params))
                .contains("2,293,000");
        for (String layer : LENET5_LAYERS) {
            assertThat(run.out.lines().anyMatch(l -> l.startsWith(layer + " "))).as("row for %s", layer).isTrue();
        }
    }

    @Test
    void missingFileFailsWithOneErrorLine() {
        Path missing = dir.resolve("no-such-model.zip");

        CliRun run = CliRun.of("inspect", missing.toString());

        assertOneLineError(run, "no-such-model.zip");
        assertThat(run.err).contains("not found");
    }

    @Test
    void corruptFileFailsWithOneErrorLine() throws Exception {
        Path corrupt = Files.writeString(dir.resolve("corrupt.zip"), "PK but not really a zip file");

        CliRun run = CliRun.of("inspect", corrupt.toString(), "--json");

        assertOneLineError(run, "corrupt.zip");
    }

    @Test
    void truncatedModelFailsWithOneErrorLine() throws Exception {
        byte[] bytes = Files.readAllBytes(lenet5);
        Path truncated = Files.write(dir.resolve("truncated.zip"), java.util.Arrays.copyOf(bytes, bytes.length / 2));

        CliRun run = CliRun.of("inspect", truncated.toString());

        assertOneLineError(run, "truncated.zip");
    }

    private static JsonNode layer(JsonNode layers, String name) {
        for (JsonNode layer : layers) {
            if (layer.get("name").asText().equals(name)) {
                return layer;
            }
        }
        throw new AssertionError("no layer " + name);
    }
}
