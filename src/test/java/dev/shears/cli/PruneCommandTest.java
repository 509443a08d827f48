package dev.shears.cli;

import static dev.shears.cli.CliRun.assertOneLineError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shears.io.ModelFiles;
import dev.shears.io.SampleLocations;
import dev.shears.pruning.recipes.PruningSpec;
import dev.shears.samples.SampleArchitectures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code shears prune} end to end through picocli. Runs on the trained sample-models/bn-cnn.zip when
 * it is there, else on a freshly initialised BN CNN saved to a temp folder.
 */
class PruneCommandTest {
    @TempDir
    static Path dir;
    private static Path bnCnn;
    private static byte[] bnCnnBytes;

    @BeforeAll
    static void findOrSaveBnCnn() throws Exception {
        Path trained = SampleLocations.samplesFolder().map(f -> f.resolve("bn-cnn.zip")).orElse(Path.of("none"));
        bnCnn = dir.resolve("bn-cnn.zip");
        if (Files.isRegularFile(trained)) {
            Files.copy(trained, bnCnn);
        } else {
            ModelFiles.save(SampleArchitectures.build("bn-cnn", 42, 1e-3), bnCnn);
        }
        bnCnnBytes = Files.readAllBytes(bnCnn);
    }

    @Test
    void acceptanceStructuredL1HalvesChannelsAndProvesTheResult() throws Exception {
        Path pruned = dir.resolve("pruned.zip");
        Path report = dir.resolve("r.json");

        CliRun run = CliRun.of("prune", bnCnn.toString(), "--ratio", "0.5", "--criterion", "l1", "--structured",
                "--out", pruned.toString(), "--report", report.toString());

        assertThat(run.exitCode).as(run.err).isZero();
        assertThat(run.err).isEmpty();
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(pruned.toFile(), false);
        JsonNode json = new ObjectMapper().readTree(report.toFile());
        JsonNode totals = json.get("totals");
        assertThat(restored.numParams()).isEqualTo(totals.get("paramsAfter").asLong())
                .isEqualTo(totals.get("storedParams").asLong());
        assertThat(totals.get("paramsAfter").asLong()).isLessThan(totals.get("paramsBefore").asLong());
        assertThat(totals.get("keptChannelRatio").asDouble()).isEqualTo(0.5);
        assertThat(totals.has("keptParamRatio")).isTrue();
        assertThat(totals.has("keptMacRatio")).isTrue();
        JsonNode checks = json.get("checks");
        assertThat(checks.get("equivalenceMaxAbsDifference").asDouble()).isLessThanOrEqualTo(1e-4);
        assertThat(checks.get("inputs").asText()).isEqualTo("256 examples of Fashion-MNIST validation (test images 0–4999)");
        assertThat(json.at("/provenance/recipe/criterion").asText()).isEqualTo("l1");
        assertThat(json.at("/provenance/sourceSha256").asText()).hasSize(64);
        assertThat(json.get("layers").size()).as("conv, BN x3, fc1, output").isEqualTo(8);
        assertThat(run.out).contains("params").contains("MACs").contains("channels").contains("kept")
                .contains("equivalence: max |shrunk − masked|").contains("saved " + pruned);
        assertThat(Files.readAllBytes(bnCnn)).as("input untouched").isEqualTo(bnCnnBytes);
        System.out.printf("prune acceptance: params %d -> %d (stored %d), max diff %.3g%n%s",
                totals.get("paramsBefore").asLong(), totals.get("paramsAfter").asLong(), restored.numParams(),
                checks.get("equivalenceMaxAbsDifference").asDouble(), run.out);
    }

    @Test
    void recipeWithGlobalScopeAndLayerEntries() throws Exception {
        Path recipe = Files.writeString(dir.resolve("recipe.json"), """
                {"version": 1, "scope": "global", "criterion": "l2", "ratio": 0.4, "roundTo": 4,
                 "ignore": ["conv1"], "layers": {"fc1": {"ratio": 0.75}}}""");
        Path pruned = dir.resolve("recipe-pruned.zip");
        Path report = dir.resolve("recipe-report.json");

        CliRun run = CliRun.of("prune", bnCnn.toString(), "--recipe", recipe.toString(), "--out", pruned.toString(),
                "--report", report.toString());

        assertThat(run.exitCode).as(run.err).isZero();
        JsonNode json = new ObjectMapper().readTree(report.toFile());
        assertThat(json.at("/provenance/recipe/scope").asText()).isEqualTo("global");
        assertThat(json.at("/skippedGroups/conv1").asText()).isEqualTo("ignored");
        assertThat(layer(json, "conv1").get("channelsAfter").asLong()).isEqualTo(24);
        assertThat(layer(json, "fc1").get("channelsAfter").asLong()).isEqualTo(32);
        assertThat(json.at("/checks/equivalent").asBoolean()).isTrue();
    }

    @Test
    void aMacBudgetIsSolvedIntoTheRatioThatMeetsIt() throws Exception {
        Path pruned = dir.resolve("half-macs.zip");
        Path report = dir.resolve("half-macs.json");

        CliRun run = CliRun.of("prune", bnCnn.toString(), "--target-macs", "0.5", "--global", "--importance",
                "group-mean", "--out", pruned.toString(), "--report", report.toString());

        assertThat(run.exitCode).as(run.err).isZero();
        JsonNode json = new ObjectMapper().readTree(report.toFile());
        long before = json.at("/totals/macsBefore").asLong();
        assertThat(json.at("/totals/macsAfter").asLong()).isLessThanOrEqualTo(before / 2);
        assertThat(json.at("/provenance/recipe/budget/macs").asDouble()).isEqualTo(0.5);
        assertThat(json.at("/provenance/recipe/importance").asText()).isEqualTo("group-mean");
        double ratio = json.at("/provenance/recipe/ratio").asDouble();
        assertThat(run.out).contains("budget: MACs ≤ 50.0 % of 4,464,416 → ratio " + ratio + " keeps")
                .contains("one step less would keep").contains("structured, l1 (group-mean), global");
        assertThat(json.at("/checks/equivalent").asBoolean()).isTrue();
    }

    @Test
    void globalChannelPruningCapsEveryLayerAtTheDefaultAndTheRecipeCarriesTheCap() throws Exception {
        Path report = dir.resolve("capped.json");
        Path lenet5 = SampleLocations.sampleModel("lenet-5");

        CliRun run = CliRun.of("prune", lenet5.toString(), "--ratio", "0.5", "--global", "--out",
                dir.resolve("capped.zip").toString(), "--report", report.toString());

        assertThat(run.exitCode).as(run.err).isZero();
        JsonNode json = new ObjectMapper().readTree(report.toFile());
        assertThat(json.at("/provenance/recipe/maxLayerRatio").asDouble()).isEqualTo(PruningSpec.DEFAULT_MAX_LAYER_RATIO);
        for (JsonNode layer : json.get("layers")) {
            int before = layer.path("channelsBefore").asInt();
            if (before > 0) {
                assertThat(before - layer.path("channelsAfter").asInt()).as(layer.get("name").asText())
                        .isLessThanOrEqualTo((int) Math.floor(PruningSpec.DEFAULT_MAX_LAYER_RATIO * before + 1e-9));
            }
        }
    }

    @Test
    void reestimateBnWritesNewBatchNormStatisticsIntoTheSavedModelAndTheRecipe() throws Exception {
        Path report = dir.resolve("bn.json");
        Path plain = dir.resolve("plain.zip");
        Path reestimated = dir.resolve("bn.zip");

        CliRun without = CliRun.of("prune", bnCnn.toString(), "--ratio", "0.5", "--global", "--out",
                plain.toString());
        CliRun with = CliRun.of("prune", bnCnn.toString(), "--ratio", "0.5", "--global", "--reestimate-bn", "256",
                "--out", reestimated.toString(), "--report", report.toString());

        assertThat(without.exitCode).as(without.err).isZero();
        assertThat(with.exitCode).as(with.err).isZero();
        JsonNode json = new ObjectMapper().readTree(report.toFile());
        assertThat(json.at("/provenance/recipe/reestimateBatchNorm").asInt()).isEqualTo(256);
        assertThat(json.at("/checks/equivalent").asBoolean()).isTrue();
        dev.shears.io.ModelBackend a = dev.shears.io.ModelLoader.load(plain).backend();
        dev.shears.io.ModelBackend b = dev.shears.io.ModelLoader.load(reestimated).backend();
        assertThat(b.graph().totalParams()).isEqualTo(a.graph().totalParams());
        assertThat(b.paramValues("conv2", "W")).containsExactly(a.paramValues("conv2", "W"));
        assertThat(b.paramValues("bn2", "mean")).isNotEqualTo(a.paramValues("bn2", "mean"));
    }

    @Test
    void refitWritesNewWeightsAfterThePrunedInputsIntoTheSavedModelAndTheRecipe() throws Exception {
        Path report = dir.resolve("refit.json");
        Path plain = dir.resolve("plain-refit.zip");
        Path refitted = dir.resolve("refit.zip");

        CliRun without = CliRun.of("prune", bnCnn.toString(), "--ratio", "0.5", "--global", "--out",
                plain.toString());
        CliRun with = CliRun.of("prune", bnCnn.toString(), "--ratio", "0.5", "--global", "--refit", "256",
                "--out", refitted.toString(), "--report", report.toString());

        assertThat(without.exitCode).as(without.err).isZero();
        assertThat(with.exitCode).as(with.err).isZero();
        JsonNode json = new ObjectMapper().readTree(report.toFile());
        assertThat(json.at("/provenance/recipe/refit").asInt()).isEqualTo(256);
        assertThat(json.at("/checks/equivalent").asBoolean()).isTrue();
        dev.shears.io.ModelBackend a = dev.shears.io.ModelLoader.load(plain).backend();
        dev.shears.io.ModelBackend b = dev.shears.io.ModelLoader.load(refitted).backend();
        assertThat(b.graph().totalParams()).isEqualTo(a.graph().totalParams());
        // conv1 reads the image, nothing of its input was removed; conv2 reads conv1's pruned channels
        assertThat(b.paramValues("conv1", "W")).containsExactly(a.paramValues("conv1", "W"));
        assertThat(b.paramValues("conv2", "W")).isNotEqualTo(a.paramValues("conv2", "W"));
        assertThat(b.paramValues("bn2", "mean")).containsExactly(a.paramValues("bn2", "mean"));
    }

    @Test
    void maxLayerRatioWithoutGlobalIsRefusedWithASentence() {
        CliRun run = CliRun.of("prune", bnCnn.toString(), "--ratio", "0.5", "--max-layer-ratio", "0.7", "--out",
                dir.resolve("refused.zip").toString());

        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.err).contains("error: --max-layer-ratio caps the global ranking of channels: give it with"
                + " --global (and without --unstructured)");
        assertThat(dir.resolve("refused.zip")).doesNotExist();
    }

    @Test
    void aRecipeWithABudgetAndNoRatioIsSolved() throws Exception {
        Path recipe = Files.writeString(dir.resolve("budget.json"), """
                {"version": 1, "scope": "global", "criterion": "l2", "budget": {"params": 0.6}}""");
        Path report = dir.resolve("budget-report.json");

        CliRun run = CliRun.of("prune", bnCnn.toString(), "--recipe", recipe.toString(), "--out",
                dir.resolve("budget.zip").toString(), "--report", report.toString());

        assertThat(run.exitCode).as(run.err).isZero();
        JsonNode json = new ObjectMapper().readTree(report.toFile());
        long before = json.at("/totals/paramsBefore").asLong();
        assertThat(json.at("/totals/paramsAfter").asLong()).isLessThanOrEqualTo((long) Math.floor(0.6 * before))
                .isGreaterThan((long) Math.floor(0.5 * before));
        assertThat(run.out).contains("budget: parameters ≤ 60.0 %");
    }

    @Test
    void budgetAndImportanceOptionsFailWithOneLine() throws Exception {
        String out = dir.resolve("never.zip").toString();
        assertOneLineError(CliRun.of("prune", bnCnn.toString(), "--target-macs", "0.5", "--ratio", "0.3", "--out",
                out), "--target-macs replaces --ratio: give one of them");
        assertOneLineError(CliRun.of("prune", bnCnn.toString(), "--target-macs", "0.5", "--target-params", "0.5",
                "--out", out), "--target-macs and --target-params exclude each other");
        assertOneLineError(CliRun.of("prune", bnCnn.toString(), "--target-params", "1.5", "--out", out),
                "--target-params is the share kept, in (0, 1], not 1.5");
        assertOneLineError(CliRun.of("prune", bnCnn.toString(), "--ratio", "0.3", "--importance", "all", "--out",
                out), "importance: 'all' is not one of producer, group-mean, group-sum, group-max");
        assertOneLineError(CliRun.of("prune", bnCnn.toString(), "--ratio", "0.3", "--unstructured", "--importance",
                "group-sum", "--out", out), "importance: applies to structured pruning only (channels)");
        assertThat(dir.resolve("never.zip")).doesNotExist();
    }

    @Test
    void unstructuredKeepsTheStoredSizeAndSaysSo() throws Exception {
        Path pruned = dir.resolve("sparse.zip");

        CliRun run = CliRun.of("prune", bnCnn.toString(), "--ratio", "0.8", "--unstructured", "--global", "--out",
                pruned.toString());

        assertThat(run.exitCode).as(run.err).isZero();
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(pruned.toFile(), false);
        MultiLayerNetwork original = ModelSerializer.restoreMultiLayerNetwork(bnCnn.toFile(), false);
        assertThat(restored.numParams()).isEqualTo(original.numParams());
        assertThat(run.out).contains("non-zero").contains("(no sparse storage)");
    }

    @Test
    void exportWritesTheCheckedSetWithRecipeAndHtmlReport() throws Exception {
        Path lenet5 = dev.shears.io.SampleLocations.sampleModel("lenet-5");
        Path out = dir.resolve("lenet5-half.zip");

        CliRun run = CliRun.of("prune", lenet5.toString(), "--ratio", "0.5", "--out", out.toString(), "--export",
                "--test-images", "200");

        assertThat(run.exitCode).as(run.err).isZero();
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(out.toFile(), false);
        assertThat(Files.readString(dir.resolve("lenet5-half.report.html")))
                .contains(dev.shears.analysis.Formats.exact(restored.numParams()));
        // the recipe replays: pruning the original with it gives the same parameter count
        Path again = dir.resolve("again.zip");
        CliRun replay = CliRun.of("prune", lenet5.toString(), "--recipe", dir.resolve("lenet5-half.recipe.json").toString(),
                "--out", again.toString());
        assertThat(replay.exitCode).as(replay.err).isZero();
        assertThat(ModelSerializer.restoreMultiLayerNetwork(again.toFile(), false).numParams())
                .isEqualTo(restored.numParams());
        assertThat(run.out).contains("exported lenet5-half.zip").contains("test data (200 examples)");
    }

    @Test
    void refusesToWriteOverTheInputEvenThroughAnotherPath() throws Exception {
        Path sameByAnotherName = dir.resolve("sub").resolve("..").resolve("bn-cnn.zip");
        Files.createDirectories(dir.resolve("sub"));
        Path link = Files.createSymbolicLink(dir.resolve("link.zip"), bnCnn);

        for (Path target : List.of(bnCnn, sameByAnotherName, link)) {
            CliRun run = CliRun.of("prune", bnCnn.toString(), "--ratio", "0.5", "--out", target.toString());

            assertOneLineError(run, "is the input model");
        }
        assertThat(Files.readAllBytes(bnCnn)).isEqualTo(bnCnnBytes);
    }

    @Test
    void badInputsFailWithOneLineNamingTheProblem() throws Exception {
        Path out = dir.resolve("never.zip");
        Path broken = Files.writeString(dir.resolve("broken.json"), "{\"version\": 1, \"ratio\": }");
        Path unknownLayer = Files.writeString(dir.resolve("unknown.json"),
                "{\"version\": 1, \"ratio\": 0.5, \"layers\": {\"conv9\": {\"ratio\": 0.2}}}");
        Path notAModel = Files.writeString(dir.resolve("not-a-model.zip"), "hello");

        assertOneLineError(CliRun.of("prune", bnCnn.toString(), "--recipe", broken.toString(), "--out", out.toString()),
                "recipe: not valid JSON at line 1");
        assertOneLineError(CliRun.of("prune", bnCnn.toString(), "--recipe", unknownLayer.toString(), "--out",
                out.toString()), "layers.conv9: unknown layer 'conv9'");
        assertOneLineError(CliRun.of("prune", bnCnn.toString(), "--ratio", "1.2", "--out", out.toString()),
                "ratio: 1.2 is outside [0, 1)");
        assertOneLineError(CliRun.of("prune", bnCnn.toString(), "--ratio", "0.5", "--criterion", "l7", "--out",
                out.toString()), "criterion: 'l7' is not one of");
        assertOneLineError(CliRun.of("prune", notAModel.toString(), "--ratio", "0.5", "--out", out.toString()),
                "not a zip file");
        assertOneLineError(CliRun.of("prune", dir.resolve("missing.zip").toString(), "--ratio", "0.5", "--out",
                out.toString()), "file not found");
        assertOneLineError(CliRun.of("prune", bnCnn.toString(), "--recipe", dir.resolve("nope.json").toString(), "--out",
                out.toString()), "cannot read the recipe");
        assertOneLineError(CliRun.of("prune", bnCnn.toString(), "--recipe", broken.toString(), "--ratio", "0.5", "--out",
                out.toString()), "--recipe cannot be combined");
        assertOneLineError(CliRun.of("prune", bnCnn.toString(), "--out", out.toString()), "give --recipe R.json or --ratio R");
        assertOneLineError(CliRun.of("prune", bnCnn.toString(), "--ratio", "half", "--out", out.toString()),
                "'half' is not a double");
        assertOneLineError(CliRun.of("prune", bnCnn.toString(), "--ratio", "0.5"), "Missing required option: '--out");
        assertThat(out).doesNotExist();
    }

    @Test
    void fineTuneSavesTheBestModelAndReportsItsHistory() throws Exception {
        Path lenet = lenet300100();
        Path tuned = dir.resolve("tuned.zip");
        Path report = dir.resolve("tuned.json");

        CliRun run = CliRun.of("prune", lenet.toString(), "--ratio", "0.8", "--unstructured", "--global", "--finetune", "1",
                "--train-images", "1000", "--out", tuned.toString(), "--report", report.toString());

        assertThat(run.exitCode).as(run.err).isZero();
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(tuned.toFile(), false);
        assertThat(restored.numParams()).isEqualTo(266_610);
        JsonNode fineTune = new ObjectMapper().readTree(report.toFile()).get("fineTune");
        assertThat(fineTune.get("schedule").asText()).isEqualTo("oneshot");
        assertThat(fineTune.get("trainImages").asInt()).isEqualTo(1000);
        assertThat(fineTune.get("learningRate").asDouble()).as("a tenth of the sample's 1e-3").isEqualTo(1e-4);
        JsonNode step = fineTune.get("steps").get(0);
        assertThat(step.get("epochs")).hasSize(1);
        assertThat(fineTune.get("finalValidationAccuracy").asDouble())
                .isGreaterThanOrEqualTo(step.get("prunedValidationAccuracy").asDouble())
                .isEqualTo(step.get("tunedValidationAccuracy").asDouble());
        assertThat(run.out).contains("fine-tuning: 1 epoch(s)").contains("epoch 1/1")
                .contains("validation accuracy: original").contains("saved " + tuned);
    }

    @Test
    void agpScheduleRunsItsStepsAndRecordsThem() throws Exception {
        Path out = dir.resolve("agp.zip");
        Path report = dir.resolve("agp.json");

        CliRun run = CliRun.of("prune", lenet300100().toString(), "--ratio", "0.5", "--finetune", "0", "--schedule", "agp",
                "--steps", "2", "--out", out.toString(), "--report", report.toString());

        assertThat(run.exitCode).as(run.err).isZero();
        JsonNode json = new ObjectMapper().readTree(report.toFile());
        assertThat(json.at("/fineTune/schedule").asText()).isEqualTo("agp");
        assertThat(json.at("/fineTune/steps")).hasSize(2);
        assertThat(json.at("/fineTune/steps/1/achievedRatio").asDouble()).isEqualTo(0.5);
        assertThat(json.at("/provenance/recipe/ratio").asDouble()).isEqualTo(0.5);
        assertThat(json.at("/totals/channelsBefore").asLong()).as("fc1 + fc2").isEqualTo(400);
        assertThat(json.at("/checks/equivalent").asBoolean()).isTrue();
        assertThat(ModelSerializer.restoreMultiLayerNetwork(out.toFile(), false).numParams())
                .isEqualTo(json.at("/totals/storedParams").asLong());
    }

    @Test
    void fineTuneOptionsFailWithOneLine() throws Exception {
        Path out = dir.resolve("never-tuned.zip");

        assertOneLineError(CliRun.of("prune", bnCnn.toString(), "--ratio", "0.5", "--lr", "1e-3", "--out", out.toString()),
                "need --finetune EPOCHS");
        assertOneLineError(CliRun.of("prune", bnCnn.toString(), "--ratio", "0.5", "--finetune", "1", "--schedule", "slow",
                "--out", out.toString()), "--schedule must be 'oneshot' or 'agp'");
        assertOneLineError(CliRun.of("prune", bnCnn.toString(), "--ratio", "0.5", "--finetune", "1", "--steps", "3",
                "--out", out.toString()), "--steps belongs to --schedule agp");
        assertOneLineError(CliRun.of("prune", bnCnn.toString(), "--ratio", "0.5", "--finetune", "-1", "--out",
                out.toString()), "--finetune must be 0 or more");
        assertThat(out).doesNotExist();
    }

    private static Path lenet300100() throws Exception {
        Optional<Path> sample = SampleLocations.samplesFolder().map(f -> f.resolve("lenet-300-100.zip"))
                .filter(Files::isRegularFile);
        assumeTrue(sample.isPresent(), "needs sample-models/lenet-300-100.zip and the Fashion-MNIST files");
        Path copy = dir.resolve("lenet-300-100.zip");
        if (!Files.exists(copy)) {
            Files.copy(sample.get(), copy);
        }
        return copy;
    }

    private static JsonNode layer(JsonNode report, String name) {
        for (JsonNode layer : report.get("layers")) {
            if (layer.get("name").asText().equals(name)) {
                return layer;
            }
        }
        throw new AssertionError("no layer " + name);
    }
}
