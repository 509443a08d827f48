package dev.shears.export;

import dev.shears.Version;
import dev.shears.data.DataException;
import dev.shears.data.DataFit;
import dev.shears.data.DataRole;
import dev.shears.data.DataSets;
import dev.shears.data.DataSource;
import dev.shears.eval.AccuracyEstimate;
import dev.shears.eval.EvaluationResult;
import dev.shears.eval.Evaluator;
import dev.shears.io.StagedFiles;
import dev.shears.io.LoadedModel;
import dev.shears.io.ModelBackend;
import dev.shears.model.NetworkGraph;
import dev.shears.pruning.equivalence.Equivalence;
import dev.shears.pruning.equivalence.EquivalenceCheck;
import dev.shears.task.Cancellation;
import dev.shears.task.ProgressListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Exports a pruned model as a set of three files: the model ({@code <base>.zip}, a plain DL4J
 * ModelSerializer zip, or {@code <base>.onnx}), {@code <base>.recipe.json} ({@link RecipeSteps}) and
 * {@code <base>.report.html} ({@link ReportHtml}), as one set ({@link StagedFiles}): all three are
 * written into a staging folder inside the target folder; the model is read back by its backend and
 * must compute what the in-memory model computes (≤ {@link ExportResult#RELOAD_TOLERANCE}) before any
 * file is moved into place, and a failure at any point — writing, the check, cancelling, a move —
 * leaves the folder as it was (files of the same names that were replaced are restored). The source
 * model file is never written, and never read: its SHA-256 was taken when it was opened.
 */
public final class ExportService {
    private final Optional<DataSource> validation;
    private final Optional<DataSource> test;

    /**
     * @param validation the model's validation data (the reload check runs on it); empty: random inputs
     * @param test       the model's test data (the report's metrics); empty: no metrics, and the report says why
     */
    public ExportService(Optional<DataSource> validation, Optional<DataSource> test) {
        this.validation = validation;
        this.test = test;
    }

    /** The model's data as its profile gives it. */
    public static ExportService of(DataSets data) throws DataException {
        return new ExportService(data.get(DataRole.VALIDATION), data.get(DataRole.TEST));
    }

    public ExportResult export(ExportRequest request, ProgressListener progress, Cancellation cancellation)
            throws IOException {
        LoadedModel source = request.source();
        List<Path> targets = List.of(request.modelFile(), request.recipeFile(), request.reportFile());
        for (Path target : targets) {
            refuseToOverwrite(source.file(), target);
            if (Files.isDirectory(target)) {
                throw new ExportException(target + " is a folder: choose another name");
            }
        }
        // hashed when it was opened: the file may be gone by now
        String sha256 = source.sourceSha256();
        cancellation.throwIfCancelled();
        try (StagedFiles staged = StagedFiles.in(request.folder())) {
            ReloadInputs inputs = ReloadInputs.forNetwork(source.graph(), validation);
            ModelBackend written = request.pruned();
            if (request.format() == ExportFormat.ONNX) {
                progress.progress(0.04, "converting to ONNX (checked on " + inputs.description() + ")");
                try {
                    written = written.asOnnx(inputs.examples());
                } catch (IOException e) {
                    throw new ExportException(e.getMessage() + ": nothing written");
                }
            }
            cancellation.throwIfCancelled();
            progress.progress(0.05, "writing " + request.modelFile().getFileName());
            Path model = staged.write(request.modelFile().getFileName().toString(), written::write);
            long modelBytes = Files.size(model);
            cancellation.throwIfCancelled();

            progress.progress(0.15, "reloading " + request.modelFile().getFileName());
            Equivalence reload;
            try {
                ModelBackend reloaded = written.readBack(model);
                // the file against the model in memory, each in its own runtime (a DL4J network and the
                // .onnx written from it are compared too)
                reload = EquivalenceCheck.compare(reloaded, request.pruned(), inputs.examples());
            } catch (IOException | RuntimeException e) {
                if (e instanceof Cancellation.CancelledException cancelled) {
                    throw cancelled;
                }
                return failed("the written model does not reload (" + e.getMessage() + "): nothing written",
                        modelBytes, Optional.empty(), inputs);
            }
            if (!(reload.maxAbsDifference() <= ExportResult.RELOAD_TOLERANCE)) {
                return failed(String.format(Locale.ROOT, "the written model reloads with outputs %.3g away from the"
                        + " in-memory model on %s (tolerance %.0e): nothing written", reload.maxAbsDifference(),
                        inputs.description(), ExportResult.RELOAD_TOLERANCE), modelBytes, Optional.of(reload), inputs);
            }
            cancellation.throwIfCancelled();

            Metrics metrics = metrics(request, progress, cancellation);
            progress.progress(0.85, "weight histograms");
            List<LayerHistogram> histograms = WeightHistograms.of(source.backend(), request.pruned());
            cancellation.throwIfCancelled();

            progress.progress(0.9, "writing the recipe and the report");
            List<RecipeSteps.DataUsed> data = dataUsed();
            String recipeJson = RecipeSteps.write(request.recipes(), data);
            ExportReport report = new ExportReport(source.file().getFileName().toString(), source.file().toString(),
                    source.fileBytes(), sha256, recipeJson, Version.current(),
                    Instant.now().truncatedTo(ChronoUnit.SECONDS), request.steps(),
                    request.modelFile().getFileName().toString(), modelBytes, request.pruned().graph().totalParams(),
                    metrics.metrics(), metrics.source(), reload, inputs.description(), histograms,
                    request.sensitivity(), provenanceLines(data));
            String html = ReportHtml.render(report);
            staged.write(request.recipeFile().getFileName().toString(), t -> Files.writeString(t, recipeJson + "\n",
                    StandardCharsets.UTF_8));
            staged.write(request.reportFile().getFileName().toString(), t -> Files.writeString(t, html,
                    StandardCharsets.UTF_8));
            cancellation.throwIfCancelled();

            staged.commit();
            progress.progress(1, "exported");
            List<Path> files = targets.stream().map(p -> p.toAbsolutePath().normalize()).toList();
            return new ExportResult(ExportResult.Status.EXPORTED, String.format(Locale.ROOT,
                    "exported %s (%,d bytes), recipe and report; reload check %.2e on %s", files.get(0).getFileName(),
                    modelBytes, reload.maxAbsDifference(), inputs.description()), files, modelBytes, Optional.of(reload),
                    inputs.description(), metrics.metrics(), metrics.source());
        }
    }

    private record Metrics(Optional<TestMetrics> metrics, String source) {
    }

    /** The sources the export measured on, for the recipe's and the report's provenance. */
    private List<RecipeSteps.DataUsed> dataUsed() {
        List<RecipeSteps.DataUsed> used = new ArrayList<>();
        validation.ifPresent(v -> used.add(new RecipeSteps.DataUsed("validation", v.name(), v.size(), v.fingerprint())));
        test.ifPresent(t -> used.add(new RecipeSteps.DataUsed("test", t.name(), t.size(), t.fingerprint())));
        return used;
    }

    /** "validation data: NAME · N examples · SHA-256 …", for each source the export used. */
    private static List<String> provenanceLines(List<RecipeSteps.DataUsed> data) {
        return data.stream().map(d -> d.role() + " data: " + d.name() + " · "
                + String.format(Locale.ROOT, "%,d", d.examples()) + " examples · SHA-256 " + d.sha256()).toList();
    }


    private Metrics metrics(ExportRequest request, ProgressListener progress, Cancellation cancellation)
            throws IOException {
        if (request.metrics().isPresent()) {
            return new Metrics(request.metrics(), "measured before the export");
        }
        NetworkGraph graph = request.source().graph();
        if (DataFit.classes(graph) == 0) {
            return new Metrics(Optional.empty(), "the model's output " + graph.outputShape()
                    + " is not one score per class, so there is no accuracy to report");
        }
        if (test.isEmpty()) {
            return new Metrics(Optional.empty(), "no test data was chosen (File ▸ Data…, or --test-data)");
        }
        if (!test.get().labelled()) {
            return new Metrics(Optional.empty(), test.get().name() + " has no labels");
        }
        Optional<String> problem = DataFit.problem(graph, test.get());
        if (problem.isPresent()) {
            return new Metrics(Optional.empty(), problem.get());
        }
        DataSource whole = test.get();
        DataSource data = whole.first(request.testImages());
        EvaluationResult before = evaluate(request.source().backend(), data, "the source", 0.3, progress, cancellation);
        EvaluationResult after = evaluate(request.pruned(), data, "the pruned model", 0.55, progress, cancellation);
        return new Metrics(Optional.of(new TestMetrics(before, after)), "measured at export on "
                + (data.size() < whole.size() ? "the first " + data.size() + " examples of " : "") + whole.name());
    }

    private static EvaluationResult evaluate(ModelBackend model, DataSource data, String what, double from,
                                             ProgressListener progress, Cancellation cancellation)
            throws DataException {
        AccuracyEstimate estimate = Evaluator.evaluate(model, data, Evaluator.DEFAULT_BATCH,
                e -> progress.progress(from + 0.25 * e.seen() / e.total(), "testing " + what + ": " + e.seen()
                        + " / " + e.total()), cancellation);
        return estimate.toResult();
    }

    private static ExportResult failed(String message, long modelBytes, Optional<Equivalence> reload,
                                       ReloadInputs inputs) {
        return new ExportResult(ExportResult.Status.RELOAD_FAILED, message, List.of(), modelBytes, reload,
                inputs.description(), Optional.empty(), "not measured: the export failed");
    }

    private static void refuseToOverwrite(Path sourceFile, Path target) throws IOException {
        Path a = sourceFile.toAbsolutePath().normalize();
        Path b = target.toAbsolutePath().normalize();
        if (a.equals(b) || Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b)) {
            throw new ExportException(target + " is the source model; Shears never overwrites the model it read:"
                    + " choose another name or folder");
        }
    }
}
