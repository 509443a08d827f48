package dev.shears.cli;

import dev.shears.data.DataRole;
import dev.shears.data.DataSets;
import dev.shears.onnx.OnnxFiles;
import dev.shears.onnx.convert.CheckExamples;
import dev.shears.onnx.convert.ConversionException;
import dev.shears.onnx.convert.ConvertedModel;
import dev.shears.onnx.convert.Dl4jToOnnx;
import dev.shears.onnx.OnnxNetwork;
import dev.shears.onnx.OnnxPruningService;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shears.analysis.Formats;
import dev.shears.eval.tune.FineTuneProgress;
import dev.shears.eval.tune.FineTuneSettings;
import dev.shears.eval.tune.FineTuner;
import dev.shears.eval.tune.IterativePruner;
import dev.shears.eval.tune.IterativeResult;
import dev.shears.io.AtomicFiles;
import dev.shears.export.AppliedStep;
import dev.shears.export.ExportRequest;
import dev.shears.export.ExportResult;
import dev.shears.export.ExportService;
import dev.shears.io.LoadedModel;
import dev.shears.io.ModelFiles;
import dev.shears.io.ModelLoader;
import dev.shears.pruning.FineTuneSummary;
import dev.shears.pruning.PruningMode;
import dev.shears.pruning.PruningReport;
import dev.shears.pruning.PruningReportJson;
import dev.shears.pruning.PruningResult;
import dev.shears.pruning.PruningService;
import dev.shears.pruning.PruningSpec;
import dev.shears.pruning.PruningSpecJson;
import dev.shears.samples.SampleArchitectures;
import dev.shears.samples.SampleTrainer;
import dev.shears.task.Cancellation;
import dev.shears.task.ProgressListener;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.deeplearning4j.nn.api.Model;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "prune", description = {"Prune a model by a recipe or by one ratio, prove the result and save it.",
    "The input file is never modified."})
final class PruneCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEL", description = "a DL4J ModelSerializer .zip or a Keras 2 .h5")
    Path model;

    @Option(names = "--recipe", paramLabel = "R.json", description = "a pruning recipe (JSON, version 1)")
    Path recipe;

    @Option(names = "--ratio", paramLabel = "R", description = "fraction removed, in [0, 1): of channels"
            + " (structured) or of weights (unstructured)")
    Double ratio;

    @Option(names = "--criterion", paramLabel = "C", description = "l1 (default), l2, bn-gamma, taylor, fpgm, random")
    String criterion;

    @Option(names = "--structured", description = "remove whole channels: a smaller network (default)")
    boolean structured;

    @Option(names = "--unstructured", description = "zero single weights: same shapes")
    boolean unstructured;

    @Option(names = "--global", description = "rank all layers together instead of pruning each by the ratio")
    boolean global;

    @Option(names = "--out", required = true, paramLabel = "OUT.zip", description = "where to save the pruned model")
    Path out;

    @Option(names = "--report", paramLabel = "REPORT.json", description = "write the full report as JSON")
    Path report;

    @Option(names = "--export", description = "write OUT.zip through the export: also OUT.recipe.json (replayable)"
            + " and OUT.report.html (before/after per layer, histograms, test metrics, provenance), after reloading"
            + " OUT.zip and checking it")
    boolean export;

    @Option(names = "--test-images", paramLabel = "N", description = "with --export: test-split images for the"
            + " report's metrics (default: all 5000)")
    Integer testImages;

    @Option(names = "--finetune", paramLabel = "EPOCHS", description = "after pruning, fine-tune for EPOCHS"
            + " epochs (per step with --schedule agp) on the Fashion-MNIST training images; the best epoch by"
            + " validation accuracy is saved")
    Integer finetune;

    @Option(names = "--lr", paramLabel = "X", description = "fine-tuning learning rate (default: a tenth of the"
            + " sample's training rate, else " + FineTuneSettings.DEFAULT_LEARNING_RATE + ")")
    Double learningRate;

    @Option(names = "--schedule", paramLabel = "S", description = "oneshot (default): prune once, then fine-tune;"
            + " agp: --steps prune/fine-tune cycles with Zhu & Gupta's gradual schedule")
    String schedule;

    @Option(names = "--steps", paramLabel = "K", description = "steps of the agp schedule (default: "
            + DEFAULT_AGP_STEPS + ")")
    Integer steps;

    @Option(names = "--train-images", paramLabel = "N", description = "fine-tune on the first N training images"
            + " only (default: all 60000)")
    Integer trainImages;

    @Mixin
    DataOptions dataOptions;

    @Mixin
    EngineOption engineOption;

    @Spec
    CommandSpec spec;

    static final int DEFAULT_AGP_STEPS = 4;

    @Override
    public Integer call() throws Exception {
        engineOption.apply();
        PruningSpec pruningSpec = pruningSpec();
        OutputFiles.refuseToOverwrite(model, out, "--out");
        if (report != null) {
            OutputFiles.refuseToOverwrite(model, report, "--report");
            if (report.toAbsolutePath().normalize().equals(out.toAbsolutePath().normalize())) {
                throw new UserError("--report and --out are the same file: " + out);
            }
        }
        int pruningSteps = pruningSteps();
        if (OnnxFiles.isOnnx(model)) {
            return pruneOnnx(pruningSpec);
        }
        LoadedModel loaded = ModelLoader.load(model);
        DataSets data = dataOptions.open(loaded);
        PruningService service = new PruningService(data.get(DataRole.VALIDATION));
        PrintWriter stdout = spec.commandLine().getOut();
        Model pruned;
        PruningReport r;
        if (finetune == null) {
            PruningResult result = service.run(loaded, pruningSpec, ProgressListener.NONE, Cancellation.none());
            pruned = result.network();
            r = result.report();
        } else {
            IterativeResult result = fineTuned(loaded, pruningSpec, service, FineTuner.of(data), pruningSteps, stdout);
            pruned = result.network();
            r = result.report();
        }
        if (!r.equivalent()) {
            throw new UserError(String.format(Locale.ROOT, "the pruned network differs from the masked original by"
                    + " %.3g (tolerance %.0e): nothing written; please report this model", r.equivalence()
                    .orElseThrow().maxAbsDifference(), PruningReport.EQUIVALENCE_TOLERANCE));
        }
        if (export) {
            exportSet(loaded, pruned, r, ExportService.of(data), stdout);
        } else {
            if (testImages != null) {
                throw new UserError("--test-images belongs to --export");
            }
            if (OnnxFiles.isOnnx(out)) {
                writeOnnx(pruned, loaded, data, stdout);
            } else {
                ModelFiles.save(pruned, out);
            }
        }
        if (report != null) {
            AtomicFiles.writeString(report, reportJson(r, data) + System.lineSeparator());
        }
        printSummary(loaded.file(), pruningSpec, r, stdout);
        r.fineTune().ifPresent(f -> printFineTune(f, stdout));
        stdout.println("saved " + out + (report != null ? ", report " + report : ""));
        stdout.flush();
        return 0;
    }

    /**
     * An ONNX model: the same plan, executed on its initializers; ONNX Runtime proves the result.
     * Fine-tuning needs training, which ONNX Runtime cannot do from Java.
     */
    private int pruneOnnx(PruningSpec pruningSpec) throws IOException {
        if (finetune != null) {
            throw new UserError("--finetune: ONNX models cannot be fine-tuned (ONNX Runtime does not train from Java);"
                    + " prune less, guided by the sensitivity scan, or fine-tune the model where it was trained");
        }
        if (export) {
            throw new UserError("--export writes DL4J zips; for an ONNX model use --out X.onnx (and --report)");
        }
        if (!OnnxFiles.isOnnx(out)) {
            throw new UserError("--out: an ONNX model is written as .onnx, not " + out.getFileName());
        }
        OnnxNetwork network = OnnxFiles.open(model);
        Path file = model.toAbsolutePath().normalize();
        DataSets data = dataOptions.open(file, network.graph());
        OnnxPruningService.Result result = new OnnxPruningService(data.get(DataRole.VALIDATION))
                .run(file, network, pruningSpec, ProgressListener.NONE, Cancellation.none());
        PruningReport r = result.report();
        if (!r.equivalent()) {
            throw new UserError(String.format(Locale.ROOT, "the pruned model differs from the masked original by"
                    + " %.3g in ONNX Runtime (tolerance %.0e): nothing written; please report this model", r.equivalence()
                    .orElseThrow().maxAbsDifference(), PruningReport.EQUIVALENCE_TOLERANCE));
        }
        result.model().write(out);
        if (report != null) {
            AtomicFiles.writeString(report, reportJson(r, data) + System.lineSeparator());
        }
        PrintWriter stdout = spec.commandLine().getOut();
        printSummary(file, pruningSpec, r, stdout);
        stdout.printf(Locale.ROOT, "saved %s (%,d bytes, was %,d)%s%n", out, java.nio.file.Files.size(out),
                java.nio.file.Files.size(file), report != null ? ", report " + report : "");
        stdout.flush();
        return 0;
    }

    /** The pruned DL4J network as ONNX, proven equal to DL4J on validation examples before it is written. */
    private void writeOnnx(Model pruned, LoadedModel loaded, DataSets data, PrintWriter stdout) throws IOException {
        CheckExamples.Described check = CheckExamples.forNetwork(loaded.graph(), data.get(DataRole.VALIDATION));
        ConvertedModel converted;
        try {
            converted = Dl4jToOnnx.convert(pruned, check.examples());
        } catch (ConversionException e) {
            throw new UserError("the pruned model cannot be written as ONNX: " + e.getMessage()
                    + "; write a DL4J .zip instead");
        }
        AtomicFiles.write(out, temp -> java.nio.file.Files.write(temp, converted.onnxBytes()));
        stdout.printf(Locale.ROOT, "as ONNX: max |ONNX Runtime − DL4J| = %.3g on %s%n", converted.maxDifference(),
                check.description());
    }

    /** The pruning report with the validation data it was checked on (name, examples, SHA-256 fingerprint). */
    private static String reportJson(PruningReport r, DataSets data) throws IOException {
        com.fasterxml.jackson.databind.node.ObjectNode root = PruningReportJson.toJson(r);
        Optional<dev.shears.data.DataSource> validation = data.get(DataRole.VALIDATION);
        if (validation.isPresent()) {
            com.fasterxml.jackson.databind.node.ObjectNode source = root.putObject("data").putObject("validation");
            source.put("name", validation.get().name());
            source.put("examples", validation.get().size());
            source.put("sha256", validation.get().fingerprint());
        }
        return new com.fasterxml.jackson.databind.ObjectMapper().writerWithDefaultPrettyPrinter()
                .writeValueAsString(root);
    }

    /** The zip, recipe and HTML report as one checked set (the app's Export). */
    private void exportSet(LoadedModel loaded, Model pruned, PruningReport r, ExportService exporter,
                           PrintWriter stdout) throws IOException {
        if (testImages != null && testImages < 1) {
            throw new UserError("--test-images must be 1 or more, not " + testImages);
        }
        Path folder = out.toAbsolutePath().getParent();
        ExportRequest request = ExportRequest.of(loaded, pruned, List.of(new AppliedStep(r.provenance().recipe(), r)),
                folder, out.getFileName().toString()).withTestImages(testImages == null
                ? ExportRequest.ALL_TEST_IMAGES : testImages);
        ExportResult result = exporter.export(request, ProgressListener.NONE, Cancellation.none());
        if (!result.exported()) {
            throw new UserError(result.message());
        }
        stdout.printf(Locale.ROOT, "exported %s (%,d bytes, measured), %s, %s%n", request.modelFile().getFileName(),
                result.modelBytes(), request.recipeFile().getFileName(), request.reportFile().getFileName());
        result.metrics().ifPresent(m -> stdout.printf(Locale.ROOT,
                "test data (%d examples): top-1 %.2f %% -> %.2f %%, top-5 %.2f %% -> %.2f %%%n", m.after().examples(),
                100 * m.before().accuracy(), 100 * m.after().accuracy(), 100 * m.before().top5Accuracy(),
                100 * m.after().top5Accuracy()));
    }

    /** Steps of the schedule; also checks that the fine-tuning options come with --finetune. */
    private int pruningSteps() {
        if (finetune == null) {
            if (learningRate != null || schedule != null || steps != null || trainImages != null) {
                throw new UserError("--lr, --schedule, --steps and --train-images need --finetune EPOCHS");
            }
            return 1;
        }
        if (finetune < 0) {
            throw new UserError("--finetune must be 0 or more epochs, not " + finetune);
        }
        if (learningRate != null && !(learningRate > 0 && Double.isFinite(learningRate))) {
            throw new UserError("--lr must be positive, not " + learningRate);
        }
        if (trainImages != null && trainImages <= 0) {
            throw new UserError("--train-images must be positive, not " + trainImages);
        }
        String s = schedule == null ? "oneshot" : schedule.toLowerCase(Locale.ROOT);
        switch (s) {
            case "oneshot" -> {
                if (steps != null) {
                    throw new UserError("--steps belongs to --schedule agp");
                }
                return 1;
            }
            case "agp" -> {
                int k = steps == null ? DEFAULT_AGP_STEPS : steps;
                if (k < 1) {
                    throw new UserError("--steps must be 1 or more, not " + k);
                }
                return k;
            }
            default -> throw new UserError("--schedule must be 'oneshot' or 'agp', not '" + schedule + "'");
        }
    }

    private IterativeResult fineTuned(LoadedModel loaded, PruningSpec pruningSpec, PruningService service,
                                      FineTuner tuner, int pruningSteps, PrintWriter stdout) throws IOException {
        FineTuneSettings settings = FineTuneSettings.defaults(finetune)
                .withLearningRate(learningRate != null ? learningRate : defaultLearningRate(loaded))
                .withTrainImages(trainImages == null ? 0 : trainImages);
        stdout.printf(Locale.ROOT, "fine-tuning: %d epoch(s)%s at learning rate %.2g, batch %d, %d training images%n",
                finetune, pruningSteps > 1 ? " per step, " + pruningSteps + " agp steps" : "",
                settings.learningRate(), settings.batchSize(), tuner.imagesPerEpoch(settings));
        stdout.flush();
        IterativeResult result = new IterativePruner(service, tuner).run(loaded, pruningSpec, pruningSteps, settings,
                p -> p.tuning().filter(FineTuneProgress::epochEnd).ifPresent(t -> {
                    stdout.println("  " + p.describe());
                    stdout.flush();
                }), Cancellation.none());
        return result;
    }

    /** A tenth of the sample recipe's rate when the file is named like a sample, else the default. */
    private static double defaultLearningRate(LoadedModel loaded) {
        String name = loaded.displayName();
        return SampleArchitectures.NAMES.contains(name)
                ? FineTuneSettings.recoveryRate(SampleTrainer.Recipe.defaultFor(name).learningRate())
                : FineTuneSettings.DEFAULT_LEARNING_RATE;
    }

    private static void printFineTune(FineTuneSummary f, PrintWriter out) {
        FineTuneSummary.Step first = f.steps().get(0);
        out.printf(Locale.ROOT, "validation accuracy: original %.2f %%, pruned %.2f %%, fine-tuned %.2f %%%s%n",
                100 * f.originalValidationAccuracy(), 100 * first.prunedValidationAccuracy(),
                100 * f.finalValidationAccuracy(), f.steps().size() > 1 ? " (after " + f.steps().size()
                        + " agp steps; pruned = after the first)" : "");
    }

    /** Flags are a shorthand for a recipe: they go through the same reader, so errors read the same. */
    private PruningSpec pruningSpec() throws IOException {
        boolean flags = ratio != null || criterion != null || structured || unstructured || global;
        if (recipe != null) {
            if (flags) {
                throw new UserError("--recipe cannot be combined with --ratio, --criterion, --structured,"
                        + " --unstructured or --global (put them in the recipe)");
            }
            try {
                return PruningSpecJson.read(recipe);
            } catch (NoSuchFileException e) {
                throw new UserError("cannot read the recipe " + recipe + ": file not found");
            }
        }
        if (ratio == null) {
            throw new UserError("give --recipe R.json or --ratio R");
        }
        if (structured && unstructured) {
            throw new UserError("--structured and --unstructured exclude each other");
        }
        ObjectNode node = new ObjectMapper().createObjectNode();
        node.put("version", PruningSpec.CURRENT_VERSION);
        node.put("mode", (unstructured ? PruningMode.UNSTRUCTURED : PruningMode.STRUCTURED).jsonName());
        node.put("scope", global ? "global" : "per-layer");
        node.put("criterion", criterion == null ? "l1" : criterion);
        node.put("ratio", ratio);
        return PruningSpecJson.read(node);
    }

    private static void printSummary(Path source, PruningSpec spec, PruningReport r, PrintWriter out) {
        boolean shrunk = r.mode() == PruningMode.STRUCTURED;
        out.printf(Locale.ROOT, "%s: %s, %s, %s%n", source.getFileName(), spec.mode().jsonName(),
                spec.criterion().jsonName(), PruningSpecJson.scopeName(spec.scope()));
        out.printf(Locale.ROOT, "params    %s → %s (%s kept)%s%n", Formats.exact(r.before().params()),
                Formats.exact(r.after().params()), Formats.percent(r.keptParamRatio()),
                shrunk ? "" : ", non-zero; the file stores " + Formats.exact(r.storedParams())
                        + " (no sparse storage)");
        out.printf(Locale.ROOT, "MACs      %s → %s (%s kept)%n", Formats.exact(r.before().macs()),
                Formats.exact(r.after().macs()), Formats.percent(r.keptMacRatio()));
        out.printf(Locale.ROOT, "channels  %s → %s (%s kept)%n", Formats.exact(r.channelsBefore()),
                Formats.exact(r.channelsAfter()), Formats.percent(r.keptChannelRatio()));
        r.equivalence().ifPresent(e -> out.printf(Locale.ROOT, "equivalence: max |shrunk − masked| = %.3g on %s%n",
                e.maxAbsDifference(), r.checkInputs()));
        out.printf(Locale.ROOT, "output change: max |original − pruned| = %.3g%n",
                r.outputChange().maxAbsDifference());
        r.skipped().forEach((group, reason) -> out.printf("kept whole: %s (%s)%n", group, reason));
    }
}
