package dev.shears.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shears.analysis.Formats;
import dev.shears.data.DataRole;
import dev.shears.data.DataSets;
import dev.shears.eval.tune.Distillation;
import dev.shears.eval.tune.FineTuneProgress;
import dev.shears.eval.tune.FineTuneSettings;
import dev.shears.eval.tune.FineTuner;
import dev.shears.eval.tune.IterativePruner;
import dev.shears.eval.tune.IterativeResult;
import dev.shears.export.AppliedStep;
import dev.shears.export.ExportFormat;
import dev.shears.export.ExportRequest;
import dev.shears.export.ExportResult;
import dev.shears.export.ExportService;
import dev.shears.io.AtomicFiles;
import dev.shears.io.LoadedModel;
import dev.shears.io.ModelBackend;
import dev.shears.onnx.OnnxFiles;
import dev.shears.onnx.convert.CheckExamples;
import dev.shears.onnx.convert.Dl4jToOnnx;
import dev.shears.pruning.PruningMode;
import dev.shears.pruning.criteria.Importance;
import dev.shears.pruning.equivalence.Equivalence;
import dev.shears.pruning.equivalence.EquivalenceCheck;
import dev.shears.pruning.impact.Budget;
import dev.shears.pruning.planning.BudgetSolver;
import dev.shears.pruning.recipes.PruningSpec;
import dev.shears.pruning.recipes.PruningSpecJson;
import dev.shears.pruning.reports.FineTuneSummary;
import dev.shears.pruning.reports.PruningReport;
import dev.shears.pruning.reports.PruningReportJson;
import dev.shears.pruning.service.BatchNormReestimation;
import dev.shears.pruning.service.LayerRefit;
import dev.shears.pruning.service.PruningResult;
import dev.shears.pruning.service.PruningService;
import dev.shears.samples.SampleArchitectures;
import dev.shears.samples.SampleTrainer;
import dev.shears.task.Cancellation;
import dev.shears.task.ProgressListener;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "prune", description = {"Prune a model by a recipe, one ratio or a MACs/parameter budget, prove the"
    + " result and save it.",
    "The input file is never modified."})
final class PruneCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEL", description = "a DL4J ModelSerializer .zip or a Keras 2 .h5")
    Path model;

    @Option(names = "--recipe", paramLabel = "R.json", description = "a pruning recipe (JSON, version 1)")
    Path recipe;

    @Option(names = "--ratio", paramLabel = "R", description = "fraction removed, in [0, 1): of channels"
            + " (structured) or of weights (unstructured)")
    Double ratio;

    @Option(names = "--criterion", paramLabel = "C", description = "l1 (default), l2, bn-gamma, taylor, fpgm, obd,"
            + " random")
    String criterion;

    @Option(names = "--importance", paramLabel = "I", description = "structured: which tensors score a channel —"
            + " producer (default: the criterion as defined), or group-mean, group-sum, group-max over every tensor"
            + " of its channel group (producers, BatchNorms, readers)")
    String importance;

    @Option(names = "--target-macs", paramLabel = "S", description = "instead of --ratio: the smallest ratio that"
            + " keeps at most this share of the MACs, e.g. 0.5 (with the recipe's or the flags' criterion and scope)")
    Double targetMacs;

    @Option(names = "--target-params", paramLabel = "S", description = "instead of --ratio: the smallest ratio that"
            + " keeps at most this share of the parameters, e.g. 0.6")
    Double targetParams;

    @Option(names = "--structured", description = "remove whole channels: a smaller network (default)")
    boolean structured;

    @Option(names = "--unstructured", description = "zero single weights: same shapes")
    boolean unstructured;

    @Option(names = "--global", description = "rank all layers together instead of pruning each by the ratio")
    boolean global;

    @Option(names = "--max-layer-ratio", paramLabel = "R", description = "with --global (channels): the largest share"
            + " of any one layer's channels the ranking removes, in (0, 1]; 1 lets it empty a layer (default: "
            + PruningSpec.DEFAULT_MAX_LAYER_RATIO + ")")
    Double maxLayerRatio;

    @Option(names = "--reestimate-bn", arity = "0..1", paramLabel = "N", fallbackValue = ""
            + BatchNormReestimation.DEFAULT_EXAMPLES, description = "after pruning, measure every BatchNorm's running"
            + " mean and variance anew on N training examples (default " + BatchNormReestimation.DEFAULT_EXAMPLES
            + "; EagleEye's adaptive BatchNorm): forward passes only, no training")
    Integer reestimateBatchNorm;

    @Option(names = "--refit", arity = "0..1", paramLabel = "N", fallbackValue = "" + LayerRefit.DEFAULT_EXAMPLES,
            description = "after pruning (channels), refit each convolution and dense layer by least squares so that"
            + " it computes what it did before pruning, measured on N training examples (default "
            + LayerRefit.DEFAULT_EXAMPLES + "): no training, most of the lost accuracy back")
    Integer refit;

    @Option(names = "--out", required = true, paramLabel = "OUT", description = "where to save the pruned model: a"
            + " DL4J .zip, or .onnx (a DL4J model is converted and checked in ONNX Runtime; an ONNX model stays ONNX)")
    Path out;

    @Option(names = "--report", paramLabel = "REPORT.json", description = "write the full report as JSON")
    Path report;

    @Option(names = "--export", description = "write the model through the export: OUT.zip (or OUT.onnx when OUT"
            + " ends in .onnx, or the model is ONNX), OUT.recipe.json (replayable) and OUT.report.html (before/after per"
            + " layer, histograms, test metrics, provenance), after reloading the model file and checking it")
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

    @Option(names = "--sparsity-l1", paramLabel = "λ", description = "Network Slimming: fine-tune with the penalty"
            + " λ·Σ|γ| on every BatchNorm scale (e.g. 1e-4), which drives unneeded channels' γ towards zero; the last"
            + " epoch is saved. Slimming-train with --ratio 0, then prune the result with --criterion bn-gamma")
    Double sparsityL1;

    @Option(names = "--distill", paramLabel = "T", description = "fine-tune from the unpruned model's outputs"
            + " softened at temperature T (e.g. 4) as well as from the labels (Hinton et al. 2015)")
    Double distill;

    @Option(names = "--distill-alpha", paramLabel = "A", description = "with --distill: weight of the teacher's"
            + " term, in [0, 1] (default " + Distillation.DEFAULT_ALPHA + "; the labels get 1 − A)")
    Double distillAlpha;

    @Option(names = "--reinit", description = "train the pruned architecture from a fresh initialisation (the"
            + " configuration's weight init) instead of its weights, for the original's epochs and training rate"
            + " when the model is a bundled sample (else give --finetune EPOCHS and --lr)")
    boolean reinit;

    @Mixin
    DataOptions dataOptions;

    @Mixin
    EngineOption engineOption;

    @Mixin
    InputShapeOption inputShapeOption;

    @Spec
    CommandSpec spec;

    static final int DEFAULT_AGP_STEPS = 4;

    @Override
    public Integer call() throws Exception {
        engineOption.apply();
        // every option is checked before the model is loaded: nothing long starts on a command that will fail
        OptionChecks.modelFile(model);
        PruningSpec pruningSpec = pruningSpec();
        OutputFiles.refuseToOverwrite(model, out, "--out");
        if (report != null) {
            OutputFiles.refuseToOverwrite(model, report, "--report");
            if (report.toAbsolutePath().normalize().equals(out.toAbsolutePath().normalize())) {
                throw new UserError("--report and --out are the same file: " + out);
            }
        }
        int pruningSteps = pruningSteps();
        if (testImages != null && !export) {
            throw new UserError("--test-images belongs to --export");
        }
        if (testImages != null && testImages < 1) {
            throw new UserError("--test-images must be 1 or more, not " + testImages);
        }
        boolean asOnnx = OnnxFiles.isOnnx(out);
        if (OnnxFiles.isOnnx(model) && !asOnnx) {
            throw new UserError("--out: an ONNX model is written as .onnx, not " + out.getFileName());
        }
        OptionChecks.writable(out, "--out");
        if (report != null) {
            OptionChecks.writable(report, "--report");
        }
        dataOptions.givenProfile();
        LoadedModel loaded = inputShapeOption.load(model);
        ModelBackend source = loaded.backend();
        if (finetune != null && source.whyNotTrainable().isPresent()) {
            throw new UserError("--finetune: " + source.whyNotTrainable().get() + ", or fine-tune the model where it"
                    + " was trained");
        }
        if (finetune != null) {
            Optional<String> why = FineTuner.whyNot(loaded.network(), tuneSettings(loaded));
            if (why.isPresent()) {
                throw new UserError(why.get().substring(0, 1).toUpperCase(Locale.ROOT) + why.get().substring(1));
            }
        }
        DataSets data = dataOptions.open(loaded);
        PruningService service = new PruningService(data.get(DataRole.VALIDATION),
                pruningSpec.reestimatesBatchNorm() || pruningSpec.refits() ? data.get(DataRole.TRAIN)
                        : Optional.empty());
        PrintWriter stdout = spec.commandLine().getOut();
        if (budget != null) {
            BudgetSolver.Solution solved = service.reach(loaded, pruningSpec, budget, Cancellation.none());
            pruningSpec = solved.spec();
            printBudget(solved, stdout);
        }
        ModelBackend pruned;
        PruningReport r;
        if (finetune == null) {
            PruningResult result = service.run(loaded, pruningSpec, ProgressListener.NONE, Cancellation.none());
            pruned = result.model();
            r = result.report();
        } else {
            IterativeResult result = fineTuned(loaded, pruningSpec, service, FineTuner.of(data), pruningSteps, stdout);
            pruned = loaded.withNetwork(result.network(), 0).backend();
            r = result.report();
        }
        if (!r.equivalent()) {
            boolean notFinite = Double.isNaN(r.equivalence().orElseThrow().maxAbsDifference());
            throw new UserError(r.whyNotEquivalent().orElseThrow() + ": nothing written; "
                    + (notFinite ? "try real data with --data" : "please report this model"));
        }
        if (export) {
            exportSet(loaded, pruned, r, ExportService.of(data), asOnnx ? ExportFormat.ONNX : ExportFormat.MODEL_FORMAT,
                    stdout);
        } else {
            write(pruned, asOnnx, loaded, data, stdout);
        }
        if (report != null) {
            AtomicFiles.writeString(report, reportJson(r, data) + System.lineSeparator());
        }
        printSummary(loaded.file(), pruningSpec, r, stdout);
        r.fineTune().ifPresent(f -> printFineTune(f, stdout));
        if (export) {
            stdout.println("saved " + out + (report != null ? ", report " + report : ""));
        } else {
            stdout.printf(Locale.ROOT, "saved %s (%,d bytes, was %,d)%s%n", out, Files.size(out), loaded.fileBytes(),
                    report != null ? ", report " + report : "");
        }
        stdout.flush();
        return 0;
    }

    /**
     * The pruned model in its own format, or as ONNX — converted where needed, read back by ONNX
     * Runtime and checked against the pruned model before the command reports it saved.
     */
    private void write(ModelBackend pruned, boolean asOnnx, LoadedModel loaded, DataSets data, PrintWriter stdout)
            throws IOException {
        if (!asOnnx || pruned.fileExtension().equals("onnx")) {
            AtomicFiles.write(out, pruned::write);
            return;
        }
        CheckExamples.Described check = CheckExamples.forNetwork(loaded.graph(), data.get(DataRole.VALIDATION));
        ModelBackend onnx;
        try {
            onnx = pruned.asOnnx(check.examples());
        } catch (IOException e) {
            throw new UserError(e.getMessage() + "; write a DL4J .zip instead");
        }
        Path temp = AtomicFiles.prepare(out, onnx::write);
        try {
            Equivalence reread = EquivalenceCheck.compare(onnx.readBack(temp), pruned, check.examples());
            if (!(reread.maxAbsDifference() <= Dl4jToOnnx.TOLERANCE)) {
                throw new UserError(String.format(Locale.ROOT, "the written ONNX file differs from the pruned model"
                        + " by %.3g on %s: nothing written", reread.maxAbsDifference(), check.description()));
            }
            AtomicFiles.commit(temp, out);
            stdout.printf(Locale.ROOT, "as ONNX: max |ONNX Runtime − DL4J| = %.3g on %s%n", reread.maxAbsDifference(),
                    check.description());
        } finally {
            Files.deleteIfExists(temp);
        }
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

    /** The model, recipe and HTML report as one checked set (the app's Export). */
    private void exportSet(LoadedModel loaded, ModelBackend pruned, PruningReport r, ExportService exporter,
                           ExportFormat format, PrintWriter stdout) throws IOException {
        Path folder = out.toAbsolutePath().getParent();
        ExportRequest request = ExportRequest.of(loaded, pruned, List.of(new AppliedStep(r.provenance().recipe(), r)),
                folder, out.getFileName().toString()).withTestImages(testImages == null
                ? ExportRequest.ALL_TEST_IMAGES : testImages).withFormat(format);
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
        checkObjective();
        if (finetune == null && !reinit) {
            if (learningRate != null || schedule != null || steps != null || trainImages != null) {
                throw new UserError("--lr, --schedule, --steps and --train-images need --finetune EPOCHS");
            }
            return 1;
        }
        if (finetune == null && !SampleArchitectures.NAMES.contains(sampleName())) {
            throw new UserError("--reinit trains for the original's epochs, which Shears knows for the bundled"
                    + " samples only: give --finetune EPOCHS");
        }
        if (finetune == null) {
            finetune = SampleTrainer.Recipe.defaultFor(sampleName()).epochs();
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

    /** The options that change what fine-tuning optimises, checked before anything is loaded. */
    private void checkObjective() {
        if (finetune == null && (sparsityL1 != null || distill != null)) {
            throw new UserError("--sparsity-l1 and --distill change fine-tuning: give --finetune EPOCHS");
        }
        if (sparsityL1 != null && !(sparsityL1 >= 0 && Double.isFinite(sparsityL1))) {
            throw new UserError("--sparsity-l1 must be 0 or more, not " + sparsityL1);
        }
        if (distillAlpha != null && distill == null) {
            throw new UserError("--distill-alpha belongs to --distill T");
        }
        if (distill != null && !(distill > 0 && Double.isFinite(distill))) {
            throw new UserError("--distill is a temperature above 0 (1 compares the plain outputs), not " + distill);
        }
        if (distillAlpha != null && !(distillAlpha >= 0 && distillAlpha <= 1)) {
            throw new UserError("--distill-alpha is a weight in [0, 1], not " + distillAlpha);
        }
    }

    /** The model's file name without its extension: a bundled sample's name when it is one. */
    private String sampleName() {
        String file = model.getFileName().toString();
        int dot = file.lastIndexOf('.');
        return dot > 0 ? file.substring(0, dot) : file;
    }

    /** The fine-tuning settings the options ask for (--finetune is set by now). */
    private FineTuneSettings tuneSettings(LoadedModel loaded) {
        double rate = learningRate != null ? learningRate
                : reinit ? trainingRate(loaded) : defaultLearningRate(loaded);
        return FineTuneSettings.defaults(finetune).withLearningRate(rate)
                .withTrainImages(trainImages == null ? 0 : trainImages)
                .withSparsityL1(sparsityL1 == null ? 0 : sparsityL1)
                .withDistillation(Optional.ofNullable(distill).map(t -> new Distillation(t,
                        distillAlpha == null ? Distillation.DEFAULT_ALPHA : distillAlpha)))
                .withReinit(reinit);
    }

    /** From scratch: the sample recipe's training rate, else Adam's usual 1e-3. */
    private static double trainingRate(LoadedModel loaded) {
        String name = loaded.displayName();
        return SampleArchitectures.NAMES.contains(name) ? SampleTrainer.Recipe.defaultFor(name).learningRate() : 1e-3;
    }

    private IterativeResult fineTuned(LoadedModel loaded, PruningSpec pruningSpec, PruningService service,
                                      FineTuner tuner, int pruningSteps, PrintWriter stdout) throws IOException {
        FineTuneSettings settings = tuneSettings(loaded);
        stdout.printf(Locale.ROOT, "%s: %d epoch(s)%s at learning rate %.2g, batch %d, %d training images%s%n",
                reinit ? "training from a fresh initialisation" : "fine-tuning", finetune,
                pruningSteps > 1 ? " per step, " + pruningSteps + " agp steps" : "",
                settings.learningRate(), settings.batchSize(), tuner.imagesPerEpoch(settings), objective(settings));
        stdout.flush();
        IterativeResult result = new IterativePruner(service, tuner).run(loaded, pruningSpec, pruningSteps, settings,
                p -> p.tuning().filter(FineTuneProgress::epochEnd).ifPresent(t -> {
                    stdout.println("  " + (settings.sparsityL1() > 0 ? p.describe() + gammaSum(t) : p.describe()));
                    stdout.flush();
                }), Cancellation.none());
        return result;
    }

    private static String objective(FineTuneSettings s) {
        String out = "";
        if (s.sparsityL1() > 0) {
            out += String.format(Locale.ROOT, ", sparsity penalty %.3g·Σ|γ| (the last epoch is kept)", s.sparsityL1());
        }
        if (s.distillation().isPresent()) {
            out += String.format(Locale.ROOT, ", distilled from the unpruned model at T = %s, α = %s",
                    s.distillation().get().temperature(), s.distillation().get().alpha());
        }
        return out;
    }

    private static String gammaSum(FineTuneProgress p) {
        return p.gammas().map(g -> String.format(Locale.ROOT, ", Σ|γ| %.2f, %d of %d below 0.01", g.sum(),
                g.countBelow(0.01), g.count())).orElse("");
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

    /** The budget to solve the ratio for (--target-*, or a recipe's budget without a ratio); set by pruningSpec(). */
    private Budget budget;

    /** Flags are a shorthand for a recipe: they go through the same reader, so errors read the same. */
    private PruningSpec pruningSpec() throws IOException {
        boolean flags = ratio != null || criterion != null || importance != null || structured || unstructured
                || global || maxLayerRatio != null || reestimateBatchNorm != null || refit != null;
        if (targetMacs != null && targetParams != null) {
            throw new UserError("--target-macs and --target-params exclude each other");
        }
        Double target = targetMacs != null ? targetMacs : targetParams;
        if (target != null) {
            String option = targetMacs != null ? "--target-macs" : "--target-params";
            if (ratio != null) {
                throw new UserError(option + " replaces --ratio: give one of them");
            }
            if (!(target > 0 && target <= 1)) {
                throw new UserError(option + " is the share kept, in (0, 1], not " + target);
            }
            budget = new Budget(targetMacs != null ? Budget.Metric.MACS : Budget.Metric.PARAMS, target);
        }
        if (recipe != null) {
            if (flags) {
                throw new UserError("--recipe cannot be combined with --ratio, --criterion, --importance, --structured,"
                        + " --unstructured, --global, --max-layer-ratio, --reestimate-bn or --refit (put them in the recipe)");
            }
            String text = PruningSpecJson.text(recipe);
            return budget != null ? PruningSpecJson.read(withPlaceholderRatio(text)) : recipeWithBudget(text);
        }
        if (ratio == null && budget == null) {
            throw new UserError("give --recipe R.json or --ratio R (or a budget: --target-macs S, --target-params S)");
        }
        if (structured && unstructured) {
            throw new UserError("--structured and --unstructured exclude each other");
        }
        ObjectNode node = new ObjectMapper().createObjectNode();
        node.put("version", PruningSpec.CURRENT_VERSION);
        node.put("mode", (unstructured ? PruningMode.UNSTRUCTURED : PruningMode.STRUCTURED).jsonName());
        node.put("scope", global ? "global" : "per-layer");
        node.put("criterion", criterion == null ? "l1" : criterion);
        if (importance != null) {
            node.put("importance", importance);
        }
        node.put("ratio", ratio == null ? 0 : ratio); // a budget solves the ratio
        if (maxLayerRatio != null && (!global || unstructured)) {
            throw new UserError("--max-layer-ratio caps the global ranking of channels: give it with --global"
                    + " (and without --unstructured)");
        }
        if (global && !unstructured) {
            node.put("maxLayerRatio", maxLayerRatio == null ? PruningSpec.DEFAULT_MAX_LAYER_RATIO : maxLayerRatio);
        }
        if (reestimateBatchNorm != null) {
            node.put("reestimateBatchNorm", reestimateBatchNorm);
        }
        if (refit != null) {
            node.put("refit", refit);
        }
        return PruningSpecJson.read(node);
    }

    /** A recipe; one with a budget but no ratio or threshold has its ratio solved for the budget. */
    private PruningSpec recipeWithBudget(String text) {
        PruningSpec read;
        try {
            read = PruningSpecJson.read(text);
        } catch (dev.shears.pruning.PruningSpecException e) {
            PruningSpec solvable = PruningSpecJson.read(withPlaceholderRatio(text));
            if (solvable.budget().isEmpty()) {
                throw e;
            }
            budget = solvable.budget().get();
            return solvable;
        }
        return read;
    }

    /** The recipe's text with its ratio or threshold replaced by 0 (the budget solves it); unparsable text as it is. */
    private static String withPlaceholderRatio(String text) {
        try {
            com.fasterxml.jackson.databind.JsonNode tree = PruningSpecJson.tree(text);
            if (tree instanceof ObjectNode object) {
                object.remove("threshold");
                object.put("ratio", 0);
                return object.toString();
            }
        } catch (dev.shears.pruning.PruningSpecException e) {
            // the reader names the problem
        }
        return text;
    }

    private static void printBudget(BudgetSolver.Solution solved, PrintWriter out) {
        Budget b = solved.spec().budget().orElseThrow();
        long before = b.metric() == Budget.Metric.MACS ? solved.impact().macsBefore() : solved.impact().paramsBefore();
        long after = b.metric() == Budget.Metric.MACS ? solved.impact().macsAfter() : solved.impact().paramsAfter();
        out.printf(Locale.ROOT, "budget: %s ≤ %s of %s → ratio %s keeps %s (%s)%s%n", b.metric().label(),
                Formats.percent(b.keep()), Formats.exact(before), solved.ratio(), Formats.exact(after),
                Formats.percent((double) after / before), solved.oneStepLess().map(less -> {
                    long l = b.metric() == Budget.Metric.MACS ? less.macsAfter() : less.paramsAfter();
                    return String.format(Locale.ROOT, "; one step less would keep %s (%s)", Formats.exact(l),
                            Formats.percent((double) l / before));
                }).orElse(""));
    }

    private static void printSummary(Path source, PruningSpec spec, PruningReport r, PrintWriter out) {
        boolean shrunk = r.mode() == PruningMode.STRUCTURED;
        out.printf(Locale.ROOT, "%s: %s, %s%s, %s%n", source.getFileName(), spec.mode().jsonName(),
                spec.criterion().jsonName(), spec.importance() == Importance.PRODUCER ? ""
                        : " (" + spec.importance().jsonName() + ")", PruningSpecJson.scopeName(spec.scope()));
        out.printf(Locale.ROOT, "params    %s → %s (%s kept)%s%n", Formats.exact(r.before().params()),
                Formats.exact(r.after().params()), Formats.percent(r.keptParamRatio()),
                shrunk ? "" : ", non-zero; the file stores " + Formats.exact(r.storedParams())
                        + " (no sparse storage)");
        out.printf(Locale.ROOT, "MACs      %s → %s (%s kept)%n", Formats.exact(r.before().macs()),
                Formats.exact(r.after().macs()), Formats.percent(r.keptMacRatio()));
        out.printf(Locale.ROOT, "channels  %s → %s (%s kept)%n", Formats.exact(r.channelsBefore()),
                Formats.exact(r.channelsAfter()), Formats.percent(r.keptChannelRatio()));
        r.equivalence().ifPresent(e -> out.printf(Locale.ROOT, "equivalence: max |shrunk − masked| = %.3g on %s%s%n",
                e.maxAbsDifference(), r.checkInputs(), e.method().isEmpty() ? "" : " (" + e.method() + ")"));
        out.printf(Locale.ROOT, "output change: max |original − pruned| = %.3g%n",
                r.outputChange().maxAbsDifference());
        r.skipped().forEach((group, reason) -> out.printf("kept whole: %s (%s)%n", group, reason));
    }
}
