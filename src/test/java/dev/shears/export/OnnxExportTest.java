package dev.shears.export;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import dev.shears.FashionSplits;
import dev.shears.analysis.Formats;
import dev.shears.eval.Engines;
import dev.shears.eval.EvaluationResult;
import dev.shears.eval.Evaluator;
import dev.shears.io.LoadedModel;
import dev.shears.io.ModelLoader;
import dev.shears.io.SampleLocations;
import dev.shears.onnx.OnnxBackend;
import dev.shears.pruning.recipes.PruningSpecJson;
import dev.shears.pruning.service.PruningResult;
import dev.shears.pruning.service.PruningService;
import dev.shears.task.Cancellation;
import dev.shears.task.ProgressListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The export writing ONNX: a pruned DL4J model converted, read back by ONNX Runtime and checked
 * against DL4J before it counts as exported; and an ONNX model whose node names are markup, which
 * the report shows as text.
 */
class OnnxExportTest {
    private static final String NASTY = "<b>conv</b> & \"x\"";

    @TempDir
    Path folder;

    @Test
    void aPrunedDl4jModelExportedAsOnnxScoresInOnnxRuntimeWhatDl4jScores() throws Exception {
        LoadedModel source = ModelLoader.load(SampleLocations.sampleModel("lenet-5"));
        PruningResult pruned = new PruningService(Optional.of(FashionSplits.validation())).run(source,
                PruningSpecJson.read("{\"version\": 1, \"ratio\": 0.3}"), ProgressListener.NONE, Cancellation.none());
        ExportService service = new ExportService(Optional.of(FashionSplits.validation()),
                Optional.of(FashionSplits.test()));

        ExportResult result = service.export(ExportRequest.of(source, pruned, folder, "lenet5-30")
                .withFormat(ExportFormat.ONNX).withTestImages(500), ProgressListener.NONE, Cancellation.none());

        assertThat(result.exported()).as(result.message()).isTrue();
        Path onnx = folder.resolve("lenet5-30.onnx");
        assertThat(result.written()).extracting(p -> p.getFileName().toString())
                .containsExactly("lenet5-30.onnx", "lenet5-30.recipe.json", "lenet5-30.report.html");
        assertThat(result.modelBytes()).isEqualTo(Files.size(onnx));
        assertThat(result.reload().orElseThrow().maxAbsDifference()).isLessThanOrEqualTo(ExportResult.RELOAD_TOLERANCE);
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files).as("no zip, no temp files").hasSize(3);
        }
        LoadedModel reloaded = ModelLoader.load(onnx);
        assertThat(reloaded.backend()).isInstanceOf(OnnxBackend.class);
        assertThat(reloaded.graph().totalParams()).isEqualTo(pruned.report().after().params());
        var test = FashionSplits.test().first(500);
        Engines.prefer(Engines.Choice.DL4J);
        EvaluationResult inDl4j;
        try {
            inDl4j = Evaluator.evaluate(pruned.model(), test);
        } finally {
            Engines.prefer(Engines.Choice.AUTO);
        }
        EvaluationResult inOrt = Evaluator.evaluate(reloaded.backend(), test);
        assertThat(inOrt.accuracy()).isEqualTo(inDl4j.accuracy());
        assertThat(result.metrics().orElseThrow().after().accuracy()).isEqualTo(inDl4j.accuracy());
    }

    @Test
    void nodeNamesFromTheFileAreEscapedInTheReport() throws Exception {
        ModelProto proto = ModelProto.parseFrom(Files.readAllBytes(Path.of("src/test/resources/onnx/fashion_cnn.onnx")));
        ModelProto.Builder renamed = proto.toBuilder();
        NodeProto.Builder conv = renamed.getGraphBuilder().getNodeBuilderList().stream()
                .filter(n -> n.getOpType().equals("Conv")).findFirst().orElseThrow();
        conv.setName(NASTY);
        Path model = folder.resolve("nasty.onnx");
        Files.write(model, renamed.build().toByteArray());
        LoadedModel source = ModelLoader.load(model);
        assertThat(source.graph().node(NASTY)).isPresent();
        PruningResult pruned = new PruningService(Optional.empty()).run(source,
                PruningSpecJson.read("{\"version\": 1, \"ratio\": 0.3}"), ProgressListener.NONE, Cancellation.none());

        ExportResult result = new ExportService(Optional.empty(), Optional.empty()).export(
                ExportRequest.of(source, pruned, folder.resolve("out"), "nasty-30"), ProgressListener.NONE,
                Cancellation.none());

        assertThat(result.exported()).as(result.message()).isTrue();
        String html = Files.readString(folder.resolve("out/nasty-30.report.html"));
        assertThat(html).contains("&lt;b&gt;conv&lt;/b&gt; &amp; &quot;x&quot;").doesNotContain("<b>conv")
                .contains(Formats.exact(pruned.report().after().params()));
    }
}
