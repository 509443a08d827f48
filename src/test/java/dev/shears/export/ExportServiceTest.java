package dev.shears.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shears.FashionSplits;
import dev.shears.analysis.Formats;
import dev.shears.eval.EvaluationResult;
import dev.shears.io.Dl4jBackend;
import dev.shears.io.LoadedModel;
import dev.shears.io.ModelFiles;
import dev.shears.io.ModelLoader;
import dev.shears.io.SampleLocations;
import dev.shears.pruning.recipes.PruningSpec;
import dev.shears.pruning.recipes.PruningSpecJson;
import dev.shears.pruning.service.PruningResult;
import dev.shears.pruning.service.PruningService;
import dev.shears.task.Cancellation;
import dev.shears.task.ProgressListener;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** lenet-5 pruned by the real service, exported, and the three files read back as a user would. */
class ExportServiceTest {
    private static final int TEST_IMAGES = 300;
    private static final String NASTY = "<script>alert('x')</script> & \"q\"";

    @TempDir
    static Path folder;
    private static Path sourceFile;
    private static LoadedModel source;
    private static PruningService pruning;
    private static ExportService service;
    private static PruningResult structured;
    private static ExportResult exported;
    private static Path out;

    @BeforeAll
    static void pruneAndExport() throws Exception {
        sourceFile = folder.resolve("lenet-5.zip");
        Files.copy(SampleLocations.sampleModel("lenet-5"), sourceFile);
        source = ModelLoader.load(sourceFile);
        pruning = new PruningService(Optional.of(FashionSplits.validation()));
        service = new ExportService(Optional.of(FashionSplits.validation()), Optional.of(FashionSplits.test()));
        structured = pruning.run(source, PruningSpecJson.read(
                "{\"version\": 1, \"ratio\": 0.5, \"criterion\": \"l1\"}"), ProgressListener.NONE, Cancellation.none());
        out = folder.resolve("out");
        SensitivityTable sensitivity = new SensitivityTable("top-1 on 100 validation images & more", 0.91, List.of(
                new SensitivityTable.Row("conv1", 0.5, 0.8), new SensitivityTable.Row("conv1", 0.25, 0.9),
                new SensitivityTable.Row(NASTY, 0.5, 0.4)));
        List<Double> fractions = new ArrayList<>();
        exported = service.export(ExportRequest.of(source, structured, out, "lenet-5-pruned")
                .withTestImages(TEST_IMAGES).withSensitivity(sensitivity), (f, m) -> fractions.add(f),
                Cancellation.none());
        assertThat(fractions).isSorted().last().isEqualTo(1.0);
    }

    @Test
    void writesTheThreeFilesAndReportsExactZipBytes() throws IOException {
        assertThat(exported.status()).isEqualTo(ExportResult.Status.EXPORTED);
        assertThat(exported.exported()).isTrue();
        assertThat(exported.written()).extracting(p -> p.getFileName().toString())
                .containsExactly("lenet-5-pruned.zip", "lenet-5-pruned.recipe.json", "lenet-5-pruned.report.html");
        assertThat(exported.written()).allSatisfy(p -> assertThat(p).isRegularFile());
        assertThat(exported.modelBytes()).isEqualTo(Files.size(out.resolve("lenet-5-pruned.zip")));
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files).as("no temp files left").hasSize(3);
        }
    }

    @Test
    void zipLoadsWithPlainDl4jAndHasThePrunedParameterCount() throws IOException {
        MultiLayerNetwork plain = ModelSerializer.restoreMultiLayerNetwork(out.resolve("lenet-5-pruned.zip").toFile(),
                false);
        assertThat(plain.numParams()).isEqualTo(structured.network().numParams())
                .isEqualTo(structured.report().after().params())
                .isLessThan(source.network().numParams());
        INDArray x = Nd4j.rand(DataType.FLOAT, 1, 784);
        assertThat(plain.output(x, false).shape()).containsExactly(1, 10);
    }

    @Test
    void reloadCheckPassesOnValidationImages() {
        assertThat(exported.reload()).get().satisfies(e -> {
            assertThat(e.examples()).isEqualTo(ReloadInputs.IMAGES);
            assertThat(e.maxAbsDifference()).isLessThanOrEqualTo(ExportResult.RELOAD_TOLERANCE);
        });
        assertThat(exported.reloadInputs()).contains("validation");
    }

    @Test
    void measuresTestMetricsOnTheRequestedNumberOfImages() {
        assertThat(exported.metrics()).get().satisfies(m -> {
            assertThat(m.before().examples()).isEqualTo(TEST_IMAGES);
            assertThat(m.after().examples()).isEqualTo(TEST_IMAGES);
            assertThat(m.before().accuracy()).isGreaterThan(0.8);
        });
        // the report's figure is the pruned network's own count of correct images, checked here by plain DL4J
        var test = FashionSplits.test().first(TEST_IMAGES);
        org.nd4j.linalg.dataset.DataSet batch = test.batch(0, TEST_IMAGES);
        INDArray predicted = ((MultiLayerNetwork) structured.network()).output(batch.getFeatures()).argMax(1);
        INDArray actual = batch.getLabels().argMax(1);
        long correct = predicted.eq(actual).castTo(DataType.INT32).sumNumber().longValue();
        assertThat(exported.metrics().orElseThrow().after().accuracy()).isEqualTo((double) correct / TEST_IMAGES);
        assertThat(exported.metricsSource()).contains("first 300 examples of Fashion-MNIST test split");
    }

    @Test
    void recipeReplaysWithTheSingleRecipeReader() throws IOException {
        Path recipe = out.resolve("lenet-5-pruned.recipe.json");
        PruningSpec spec = structured.report().provenance().recipe();
        assertThat(PruningSpecJson.read(recipe)).isEqualTo(spec);
        assertThat(RecipeSteps.read(Files.readString(recipe))).containsExactly(spec);
    }

    @Test
    void reportNamesTheDataItWasMeasuredOnWithItsFingerprint() throws Exception {
        String html = Files.readString(out.resolve("lenet-5-pruned.report.html"));
        assertThat(html).contains("<tr><th>validation data</th><td>Fashion-MNIST validation split (5000 images) · 5,000"
                + " examples · SHA-256 " + FashionSplits.validation().fingerprint() + "</td></tr>");
        assertThat(html).contains("<tr><th>test data</th><td>Fashion-MNIST test split (5000 images) · 5,000"
                + " examples · SHA-256 " + FashionSplits.test().fingerprint() + "</td></tr>");
    }

    @Test
    void theRecipeCarriesTheDataAsProvenanceAndStillReplays() throws Exception {
        String recipe = Files.readString(out.resolve("lenet-5-pruned.recipe.json"));
        com.fasterxml.jackson.databind.JsonNode data = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(recipe).get("data");

        assertThat(data.get("validation").get("sha256").asText()).isEqualTo(FashionSplits.validation().fingerprint());
        assertThat(data.get("test").get("examples").asInt()).isEqualTo(5_000);
        assertThat(RecipeSteps.read(recipe)).containsExactly(structured.report().provenance().recipe());
    }

    @Test
    void reportCarriesProvenanceCountsAndChecks() throws Exception {
        String html = Files.readString(out.resolve("lenet-5-pruned.report.html"));
        assertThat(html).contains(sha256(sourceFile), "lenet-5.zip",
                Formats.exact(structured.report().before().params()),
                Formats.exact(structured.report().after().params()),
                Formats.exact(structured.report().before().macs()), Formats.exact(structured.report().after().macs()),
                Formats.exact(exported.modelBytes()) + " B", Formats.exact(Files.size(sourceFile)) + " B",
                "300 test examples", "top-5 accuracy", "examples per second", "&quot;ratio&quot; : 0.5", "passed",
                "equivalent", "conv1", "fc1", "Weight histograms", "Sensitivity");
        assertThat(html).contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;")
                .doesNotContain("<script").doesNotContain("href=").doesNotContain("src=").doesNotContain("url(")
                .doesNotContain("@import");
        assertThat(count(html, "<svg")).isGreaterThan(4).isEqualTo(count(html, "</svg>"));
        wellFormedXml(html);
    }

    @Test
    void refusesToOverwriteTheSourceModel() throws IOException {
        byte[] before = Files.readAllBytes(sourceFile);

        assertThatThrownBy(() -> service.export(ExportRequest.of(source, structured, folder, "lenet-5"),
                ProgressListener.NONE, Cancellation.none()))
                .isInstanceOf(ExportException.class).hasMessageContaining("is the source model");
        assertThatThrownBy(() -> service.export(ExportRequest.of(source, structured, folder.resolve("sub/.."),
                "lenet-5.zip"), ProgressListener.NONE, Cancellation.none()))
                .isInstanceOf(ExportException.class);

        assertThat(Files.readAllBytes(sourceFile)).isEqualTo(before);
        assertThat(folder.resolve("lenet-5.recipe.json")).doesNotExist();
    }

    @Test
    void replacesExistingFilesOfTheSameNames() throws IOException {
        Path again = folder.resolve("again");
        Files.createDirectories(again);
        for (String name : List.of("m.zip", "m.recipe.json", "m.report.html")) {
            Files.writeString(again.resolve(name), "old");
        }
        EvaluationResult given = new EvaluationResult(10, 0.5, 0.9, 1.2, 100);

        ExportResult result = service.export(ExportRequest.of(source, structured, again, "m")
                .withMetrics(new TestMetrics(given, given)), ProgressListener.NONE, Cancellation.none());

        assertThat(result.exported()).isTrue();
        assertThat(result.metrics()).get().extracting(TestMetrics::before).isEqualTo(given);
        assertThat(ModelLoader.load(again.resolve("m.zip")).network().numParams())
                .isEqualTo(structured.network().numParams());
        assertThat(again.resolve("m.recipe.json")).content().contains("\"version\" : 1");
        try (Stream<Path> files = Files.list(again)) {
            assertThat(files).hasSize(3);
        }
    }

    @Test
    void unstructuredExportKeepsShapesAndSaysWhatTheZipStores() throws Exception {
        PruningResult masked = pruning.run(source, PruningSpecJson.read(
                "{\"version\": 1, \"mode\": \"unstructured\", \"ratio\": 0.5}"), ProgressListener.NONE,
                Cancellation.none());
        Path target = folder.resolve("unstructured");

        ExportResult result = service.export(ExportRequest.of(source, masked, target, "sparse")
                .withTestImages(100), ProgressListener.NONE, Cancellation.none());

        assertThat(result.exported()).isTrue();
        MultiLayerNetwork plain = ModelSerializer.restoreMultiLayerNetwork(target.resolve("sparse.zip").toFile(),
                false);
        assertThat(plain.numParams()).isEqualTo(source.network().numParams());
        assertThat(plain.params().eq(0).castTo(DataType.INT32).sumNumber().longValue())
                .isGreaterThan(source.network().numParams() / 4);
        String html = Files.readString(target.resolve("sparse.report.html"));
        assertThat(html).contains("parameters (non-zero)", "parameters stored in the zip",
                Formats.exact(masked.report().after().params()), "\"unstructured\"".replace("\"", "&quot;"));
        wellFormedXml(html);
    }

    @Test
    void severalStepsGiveARecipeListAndTotalsFromFirstToLast() throws Exception {
        Path stepFolder = folder.resolve("steps");
        PruningResult first = pruning.run(source, PruningSpecJson.read("{\"version\": 1, \"ratio\": 0.25}"),
                ProgressListener.NONE, Cancellation.none());
        Path intermediate = stepFolder.resolve("step1.zip");
        ModelFiles.save(first.network(), intermediate);
        PruningResult second = pruning.run(ModelLoader.load(intermediate), PruningSpecJson.read(
                "{\"version\": 1, \"ratio\": 0.3, \"criterion\": \"l2\"}"), ProgressListener.NONE, Cancellation.none());

        ExportResult result = service.export(ExportRequest.of(source, second.model(),
                List.of(AppliedStep.of(first), AppliedStep.of(second)), stepFolder, "two-steps").withTestImages(100),
                ProgressListener.NONE, Cancellation.none());

        assertThat(result.exported()).isTrue();
        List<PruningSpec> steps = RecipeSteps.read(Files.readString(stepFolder.resolve("two-steps.recipe.json")));
        assertThat(steps).containsExactly(first.report().provenance().recipe(), second.report().provenance().recipe());
        String html = Files.readString(stepFolder.resolve("two-steps.report.html"));
        assertThat(html).contains("step 2", Formats.exact(first.report().before().params()),
                Formats.exact(second.report().after().params()));
        assertThat(html).contains("source SHA-256").doesNotContain("changed after it was pruned");
    }

    @Test
    void failedReloadCheckWritesNothing() throws Exception {
        Path target = folder.resolve("failing");
        Files.createDirectories(target);
        Files.writeString(target.resolve("bad.zip"), "previous export");
        MultiLayerNetwork pruned = (MultiLayerNetwork) structured.network();
        MultiLayerNetwork drifting = new MultiLayerNetwork(pruned.getLayerWiseConfigurations().clone(),
                pruned.params().dup()) {
            @Override
            public INDArray output(INDArray input, boolean train) {
                return super.output(input, train).add(0.5); // what the file cannot reproduce
            }
        };
        drifting.init();

        ExportResult result = service.export(ExportRequest.of(source, Dl4jBackend.of(drifting), List.of(AppliedStep.of(structured)),
                target, "bad"), ProgressListener.NONE, Cancellation.none());

        assertThat(result.status()).isEqualTo(ExportResult.Status.RELOAD_FAILED);
        assertThat(result.message()).contains("nothing written", "0.500");
        assertThat(result.written()).isEmpty();
        assertThat(target.resolve("bad.zip")).hasContent("previous export");
        try (Stream<Path> files = Files.list(target)) {
            assertThat(files).hasSize(1);
        }
    }

    @Test
    void cancellingOnceAllThreeAreWrittenLeavesTheFolderAsItWas() throws Exception {
        Path target = folder.resolve("cancelled");
        Files.createDirectories(target);
        Files.writeString(target.resolve("c.zip"), "previous export");
        Cancellation cancellation = new Cancellation();
        List<String> steps = new ArrayList<>();

        assertThatThrownBy(() -> service.export(ExportRequest.of(source, structured, target, "c").withTestImages(100),
                (fraction, message) -> {
                    steps.add(message);
                    if (message.startsWith("writing the recipe")) {
                        cancellation.cancel(); // the model is written and checked by now
                    }
                }, cancellation)).isInstanceOf(Cancellation.CancelledException.class);

        assertThat(steps).anyMatch(m -> m.startsWith("reloading c.zip"));
        assertThat(target.resolve("c.zip")).hasContent("previous export");
        try (Stream<Path> files = Files.list(target)) {
            assertThat(files).containsExactly(target.resolve("c.zip"));
        }
    }

    @Test
    void aTargetThatIsAFolderIsRefusedBeforeAnythingIsWritten() throws Exception {
        Path target = folder.resolve("taken");
        Files.createDirectories(target.resolve("t.report.html"));

        assertThatThrownBy(() -> service.export(ExportRequest.of(source, structured, target, "t"),
                ProgressListener.NONE, Cancellation.none())).isInstanceOf(ExportException.class)
                .hasMessageContaining("t.report.html is a folder");

        try (Stream<Path> files = Files.list(target)) {
            assertThat(files).containsExactly(target.resolve("t.report.html"));
        }
    }

    @Test
    void exportsWhenTheOpenedFileIsGoneWithTheHashTakenWhenItWasOpened() throws Exception {
        Path opened = folder.resolve("deleted-after-opening.zip");
        Files.copy(SampleLocations.sampleModel("lenet-5"), opened);
        String hashAtOpen = sha256(opened);
        LoadedModel model = ModelLoader.load(opened);
        Files.delete(opened);

        PruningResult pruned = pruning.run(model, PruningSpecJson.read("{\"version\": 1, \"ratio\": 0.3}"),
                ProgressListener.NONE, Cancellation.none());
        ExportResult result = service.export(ExportRequest.of(model, pruned, folder.resolve("gone"), "g")
                .withTestImages(100), ProgressListener.NONE, Cancellation.none());

        assertThat(result.exported()).isTrue();
        assertThat(pruned.report().provenance().sourceSha256()).isEqualTo(hashAtOpen);
        assertThat(Files.readString(folder.resolve("gone/g.report.html"))).contains(hashAtOpen);
    }

    private static void wellFormedXml(String html) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        factory.newDocumentBuilder().parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
    }

    private static int count(String text, String what) {
        Matcher m = Pattern.compile(Pattern.quote(what)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
