package dev.shears.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.cli.ShearsCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Corpus inputs of the classes the fuzzing found, through the CLI as a user runs it: exit status 1,
 * nothing on stdout, one {@code error:} line that is a sentence, and no file written beside the input.
 */
class FuzzCliTest {
    private static final Path SAMPLES = Path.of(System.getProperty("shears.repo", "."), "sample-models");

    @TempDir
    Path dir;

    @Test
    void inspectRefusesWeightsOfLengthZeroInsteadOfLoadingAnAllZeroModel() throws Exception {
        Map<String, byte[]> entries = ZipBytes.entries(SAMPLES.resolve("lenet-300-100.zip"));
        Coefficients c = Coefficients.parse(entries.get("coefficients.bin"));
        long[] info = c.shapeInfo().clone();
        info[1] = 0;
        entries.put("coefficients.bin", c.withDataLength(0).withShapeInfo(info).withData(new byte[0]).bytes());
        Path model = zip("zero-weights.zip", entries);

        String error = oneLineError("inspect", model.toString());

        assertThat(error).contains("zero-weights.zip").contains("holds no weights");
    }

    @Test
    void inspectRefusesAGraphWhoseVerticesFeedEachOtherInACycle() throws Exception {
        Map<String, byte[]> entries = ZipBytes.entries(SAMPLES.resolve("mini-resnet.zip"));
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(entries.get("configuration.json"));
        ((com.fasterxml.jackson.databind.node.ArrayNode) json.get("vertexInputs").get("stem")).set(0, "stem_relu");
        entries.put("configuration.json", json.toString().getBytes(StandardCharsets.UTF_8));
        Path model = zip("cycle.zip", entries);

        assertThat(oneLineError("inspect", model.toString())).contains("cycle");
    }

    @Test
    void inspectRefusesLayersSavedInReversedOrder() throws Exception {
        Map<String, byte[]> entries = ZipBytes.entries(SAMPLES.resolve("lenet-300-100.zip"));
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(entries.get("configuration.json"));
        var confs = (com.fasterxml.jackson.databind.node.ArrayNode) json.get("confs");
        List<com.fasterxml.jackson.databind.JsonNode> layers = new java.util.ArrayList<>();
        confs.forEach(layers::add);
        java.util.Collections.reverse(layers);
        confs.removeAll();
        layers.forEach(confs::add);
        entries.put("configuration.json", json.toString().getBytes(StandardCharsets.UTF_8));
        Path model = zip("reversed.zip", entries);

        assertThat(oneLineError("inspect", model.toString())).contains("contradict");
    }

    @Test
    void pruneRefusesARecipeThatIsNotUtf8AsOneSentence() throws Exception {
        Path recipe = Files.write(dir.resolve("latin1.json"),
                "{\"version\": 1, \"ratio\": 0.3, \"criterion\": \"l1\", \"note\": \"café\"}"
                        .getBytes(StandardCharsets.ISO_8859_1));

        String error = oneLineError("prune", SAMPLES.resolve("lenet-5.zip").toString(), "--recipe", recipe.toString(),
                "--out", dir.resolve("out.zip").toString());

        assertThat(error).contains("not UTF-8");
        assertThat(dir.resolve("out.zip")).doesNotExist();
    }

    @Test
    void pruneRefusesARecipePathThatIsAFolder() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("recipe.json"));

        String error = oneLineError("prune", SAMPLES.resolve("lenet-5.zip").toString(), "--recipe", folder.toString(),
                "--out", dir.resolve("out.zip").toString());

        assertThat(error).contains("is a folder");
    }

    @Test
    void pruneRefusesARecipeWithASecondObjectAfterIt() throws Exception {
        String recipe = "{\"version\": 1, \"ratio\": 0.3}";
        Path file = Files.writeString(dir.resolve("two.json"), recipe + "\n" + "{\"version\": 1, \"ratio\": 0.9}");

        String error = oneLineError("prune", SAMPLES.resolve("lenet-5.zip").toString(), "--recipe", file.toString(),
                "--out", dir.resolve("out.zip").toString());

        assertThat(error).contains("something follows");
    }

    private Path zip(String name, Map<String, byte[]> entries) throws Exception {
        Path file = dir.resolve(name);
        ZipBytes.write(file, ZipBytes.list(new LinkedHashMap<>(entries)));
        return file;
    }

    /** Runs the CLI; asserts exit 1, no output, one error line that is a sentence and an unchanged folder. */
    private String oneLineError(String... args) throws Exception {
        Map<String, String> before = FuzzRunner.snapshot(dir);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = ShearsCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);

        assertThat(exit).as(err.toString()).isEqualTo(1);
        assertThat(out.toString()).isEmpty();
        List<String> lines = err.toString().lines().toList();
        assertThat(lines).as(err.toString()).hasSize(1);
        assertThat(lines.get(0)).startsWith("error: ");
        ReadableSentence.assertReadable(lines.get(0).substring("error: ".length()));
        assertThat(FuzzRunner.snapshot(dir)).isEqualTo(before);
        return lines.get(0);
    }
}
