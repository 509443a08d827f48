package dev.shears.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shears.data.DataSource;
import dev.shears.io.ModelData;
import dev.shears.io.ModelFiles;
import dev.shears.io.SampleLocations;
import dev.shears.onnx.OnnxFiles;
import dev.shears.onnx.OnnxNetwork;
import dev.shears.task.Cancellation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A scan split into shards and merged is byte for byte the CSV of one run — on the trained
 * Fashion-MNIST CNN (ONNX), 200 test images, 2 groups × 3 ratios — and a merge refuses, in a
 * sentence, shards that do not make one scan.
 */
class SensitivityShardsTest {
    private static final SensitivitySettings SETTINGS = SensitivitySettings.defaults().withImages(200)
            .withRatios(List.of(0.2, 0.5, 0.8));
    @TempDir
    static Path dir;
    private static OnnxNetwork cnn;
    private static DataSource validation;
    private static Path modelFile;
    private static String oneRun;
    private static List<Path> thirds;

    @BeforeAll
    static void scanOnceAndInThirds() throws Exception {
        Engines.prefer(Engines.Choice.AUTO);
        modelFile = Path.of(System.getProperty("shears.repo", "."), "src/test/resources/onnx/fashion_cnn.onnx");
        cnn = OnnxFiles.open(modelFile);
        // the Fashion-MNIST test images as the CNN takes them, [1, 28, 28]
        validation = ModelData.openSpec(ModelData.specFor(SampleLocations.fashionMnistFolder()), cnn.graph().input());
        oneRun = SensitivityCsv.write(scan(SETTINGS, SensitivityShard.WHOLE).result());
        thirds = shards(SETTINGS, 3, "thirds");
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 4, 7})
    void shardsMergeIntoExactlyTheCsvOfOneRun(int count) throws Exception {
        List<Path> shards = count == 3 ? thirds : shards(SETTINGS, count, "n" + count);
        List<Path> reversed = new ArrayList<>(shards);
        Collections.reverse(reversed);

        assertThat(SensitivityCsv.write(SensitivityShards.merge(shards))).isEqualTo(oneRun);
        assertThat(SensitivityCsv.write(SensitivityShards.merge(reversed))).as("in any order").isEqualTo(oneRun);
    }

    @Test
    void aShardFileNamesItsShardModelDataSettingsAndEngineAboveItsCsv() throws Exception {
        List<String> lines = Files.readAllLines(thirds.get(1));

        assertThat(lines.subList(0, 9)).containsExactly(
                "# shears-sensitivity-shard: 2/3",
                "# cells: 6",
                "# model: fashion_cnn.onnx",
                "# model-sha256: " + ModelFiles.sha256(modelFile),
                "# data: " + validation.first(200).name(),
                "# data-fingerprint: " + validation.first(200).fingerprint(),
                "# settings: criterion=l1 images=200 ratios=0.2;0.5;0.8 seed=42",
                "# engine: ONNX Runtime",
                "# shears: " + dev.shears.Version.current());
        assertThat(lines.get(9)).isEqualTo(SensitivityCsv.HEADER);
        SensitivityShards.Shard shard = SensitivityShards.read(thirds.get(1));
        assertThat(shard.shard()).isEqualTo(new SensitivityShard(2, 3));
        assertThat(shard.result().rows()).extracting(r -> r.group() + " " + r.ratio())
                .as("cells 2 and 5 of 6").containsExactly("/conv1/Conv 0.5", "/conv2/Conv 0.5");
    }

    @Test
    void refusesTheSameShardTwice() {
        assertThatThrownBy(() -> SensitivityShards.merge(List.of(thirds.get(0), thirds.get(1), thirds.get(1),
                thirds.get(2)))).isInstanceOf(SensitivityShards.MergeException.class)
                .hasMessage(thirds.get(1) + " and " + thirds.get(1) + " are both shard 2/3; give each shard once");
    }

    @Test
    void refusesMissingShards() {
        assertThatThrownBy(() -> SensitivityShards.merge(List.of(thirds.get(0), thirds.get(2))))
                .hasMessage("shard 2/3 is missing; a merge needs every shard of the scan");
        assertThatThrownBy(() -> SensitivityShards.merge(List.of(thirds.get(1))))
                .hasMessage("shards 1/3, 3/3 are missing; a merge needs every shard of the scan");
    }

    @Test
    void refusesAShardScannedWithOtherSettings() throws Exception {
        Path fewerImages = shards(SETTINGS.withImages(150), 3, "fewer").get(1);

        assertThatThrownBy(() -> SensitivityShards.merge(List.of(thirds.get(0), fewerImages, thirds.get(2))))
                .isInstanceOf(SensitivityShards.MergeException.class)
                .hasMessageStartingWith(fewerImages + " was measured with other settings than " + thirds.get(0))
                .hasMessageContaining("images=150");
    }

    @Test
    void refusesShardsOfAnotherModelDataEngineOrSplit() throws Exception {
        assertThat(refusal("# model-sha256: ", "# model-sha256: 0123456789abcdef0123")).contains(
                "was measured with another model than").contains("model-sha256 0123456789ab… of fashion_cnn.onnx");
        assertThat(refusal("# data-fingerprint: ", "# data-fingerprint: ffffffffffffffffffffff"))
                .contains("was measured with other data than");
        assertThat(refusal("# engine: ONNX Runtime", "# engine: DL4J")).contains(
                "was measured with another engine than").contains("(engine DL4J, not ONNX Runtime)");
        assertThat(refusal("# shears-sensitivity-shard: 2/3", "# shears-sensitivity-shard: 2/4"))
                .contains("is shard 2/4 and").contains("is shard 1/3: the shards of one scan split it the same way");
    }

    @Test
    void refusesAShardWhoseRowsOrBaselineWereChanged() throws Exception {
        String text = Files.readString(thirds.get(1));
        List<String> lines = new ArrayList<>(text.lines().toList());
        lines.remove(lines.size() - 2);
        Path lessRows = Files.write(dir.resolve("less-rows.csv"), lines);
        String baseline = lines.get(10);
        Path otherBaseline = Files.writeString(dir.resolve("other-baseline.csv"), text.replace(baseline,
                baseline.replaceFirst(",200,0\\.\\d+,", ",200,0.5,")));

        assertThatThrownBy(() -> SensitivityShards.merge(List.of(thirds.get(0), lessRows, thirds.get(2))))
                .hasMessage(lessRows + " has 1 rows; shard 2/3 of a scan of 6 cells has 2");
        assertThatThrownBy(() -> SensitivityShards.merge(List.of(thirds.get(0), otherBaseline, thirds.get(2))))
                .hasMessageStartingWith(otherBaseline + " measured another baseline than " + thirds.get(0));
    }

    @Test
    void refusesACsvThatIsNotAShard() throws Exception {
        Path single = Files.writeString(dir.resolve("single.csv"), oneRun);

        assertThatThrownBy(() -> SensitivityShards.merge(List.of(single, thirds.get(1))))
                .hasMessage(single + " is not a shard of a sensitivity scan (it has no '# shears-sensitivity-shard'"
                        + " line); write shards with sensitivity --shard I/N");
    }

    /** The merge's sentence when shard 2/3 has one header line changed. */
    private static String refusal(String linePrefix, String replacement) throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(thirds.get(1)));
        lines.replaceAll(l -> l.startsWith(linePrefix) ? replacement : l);
        Path changed = Files.write(dir.resolve("changed-" + Math.abs(replacement.hashCode()) + ".csv"), lines);
        try {
            SensitivityShards.merge(List.of(thirds.get(0), changed, thirds.get(2)));
        } catch (SensitivityShards.MergeException e) {
            assertThat(e.getMessage()).contains(changed.toString());
            return e.getMessage();
        }
        throw new AssertionError("merged a changed shard: " + replacement);
    }

    private static List<Path> shards(SensitivitySettings settings, int count, String name) throws Exception {
        List<Path> files = new ArrayList<>();
        DataSource scanned = validation.first(settings.images());
        SensitivityShards.Provenance provenance = new SensitivityShards.Provenance("fashion_cnn.onnx",
                ModelFiles.sha256(modelFile), scanned.name(), scanned.fingerprint(), settings);
        for (int i = 1; i <= count; i++) {
            SensitivityShard shard = new SensitivityShard(i, count);
            Path file = dir.resolve(name + "-" + i + "of" + count + ".csv");
            SensitivityShards.write(scan(settings, shard), shard, provenance, file);
            files.add(file);
        }
        assertThat(Files.readString(files.get(0), StandardCharsets.UTF_8)).startsWith("# shears-sensitivity-shard: 1/"
                + count);
        return files;
    }

    private static SensitivityScan.Scan scan(SensitivitySettings settings, SensitivityShard shard) throws Exception {
        return SensitivityScan.scan(new SensitivityTarget.Onnx(cnn), validation, settings, shard, (f, m) -> { },
                Cancellation.none());
    }
}
