package dev.shears.cli;

import dev.shears.analysis.Formats;
import dev.shears.data.DataRole;
import dev.shears.data.DataSets;
import dev.shears.data.DataSource;
import dev.shears.data.Examples;
import dev.shears.eval.Engines;
import dev.shears.eval.LatencyFit;
import dev.shears.eval.LatencyProbe;
import dev.shears.eval.SensitivityCsv;
import dev.shears.eval.SensitivityResult;
import dev.shears.eval.SensitivityRow;
import dev.shears.eval.SensitivityScan;
import dev.shears.eval.SensitivitySettings;
import dev.shears.eval.SensitivityShard;
import dev.shears.eval.SensitivityTarget;
import dev.shears.io.AtomicFiles;
import dev.shears.io.LoadedModel;
import dev.shears.pruning.Amount;
import dev.shears.pruning.CriterionName;
import dev.shears.pruning.PruningMode;
import dev.shears.pruning.Scope;
import dev.shears.pruning.impact.Budget;
import dev.shears.pruning.impact.Impact;
import dev.shears.pruning.planning.AllocationSolver;
import dev.shears.pruning.recipes.PruningSpec;
import dev.shears.pruning.recipes.PruningSpecJson;
import dev.shears.pruning.service.PruningService;
import dev.shears.task.Cancellation;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "budget", description = {"Choose per-layer channel ratios that keep at most a share of the MACs,"
        + " parameters or measured latency at the least accuracy loss a sensitivity scan predicts, and write them as a recipe.",
    "Each scanned channel group gets one of the scanned ratios (or none): a greedy search measures every move on"
        + " the real plan's counts and takes the least predicted loss per MAC (or parameter) saved. The scan is"
        + " computed on the validation data unless --scan gives one. Replay the recipe with"
        + " 'shears prune MODEL --recipe OUT.json'. The model is never modified."})
final class BudgetCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEL", description = "a DL4J ModelSerializer .zip, a Keras 2 .h5 or an"
            + " ONNX .onnx")
    Path model;

    @Option(names = "--macs", paramLabel = "S", description = "keep at most this share of the MACs, in (0, 1],"
            + " e.g. 0.5")
    Double macs;

    @Option(names = "--params", paramLabel = "S", description = "keep at most this share of the parameters, in (0, 1]")
    Double params;

    @Option(names = "--latency", paramLabel = "S", description = "keep at most this share of the measured time per"
            + " inference, in (0, 1]: each scanned group is timed alone at each scanned ratio (NetAdapt's look-up"
            + " table), the allocation is predicted from those times, then timed itself")
    Double latency;

    @Option(names = "--latency-batch", paramLabel = "N", defaultValue = "1", description = "validation examples per"
            + " timed inference for --latency (default: ${DEFAULT-VALUE}, one image as an application runs it)")
    int latencyBatch;

    @Option(names = "--scan", paramLabel = "SCAN.csv", description = "a sensitivity scan of this model ('shears"
            + " sensitivity'), made with the same --criterion; without it the scan is computed here")
    Path scan;

    @Option(names = "--save-scan", paramLabel = "SCAN.csv", description = "also write the scan computed here, to"
            + " reuse with --scan")
    Path saveScan;

    @Option(names = "--out", required = true, paramLabel = "OUT.json", description = "where to write the recipe")
    Path out;

    @Option(names = "--criterion", paramLabel = "C", defaultValue = "l1",
            description = "which channels go in each group: l1 (default), l2, bn-gamma, taylor (not for ONNX), fpgm,"
                    + " obd (DL4J), random; a given --scan must have been made with it")
    String criterion;

    @Option(names = "--images", paramLabel = "N", defaultValue = "" + SensitivitySettings.DEFAULT_IMAGES,
            description = "validation examples the computed scan uses (default: ${DEFAULT-VALUE}, or all when fewer)")
    int images;

    @Option(names = "--ratios", paramLabel = "R,R,...", split = ",", description = "the shares of a group's"
            + " channels the computed scan measures, and so the ratios a group can get (default: 0.1,0.2,...,0.9)")
    List<Double> ratios;

    @Mixin
    DataOptions dataOptions;

    @Mixin
    EngineOption engineOption;

    @Mixin
    InputShapeOption inputShapeOption;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        engineOption.apply();
        Budget budget = budget();
        SensitivitySettings settings = SensitivityCommand.scanSettings(criterion, images, ratios,
                PruningSpec.DEFAULT_SEED);
        CriterionName name = settings.criterion();
        if (scan != null && (saveScan != null || ratios != null || spec.commandLine().getParseResult()
                .hasMatchedOption("--images"))) {
            throw new UserError("--scan gives the scan: --images, --ratios and --save-scan describe one computed here");
        }
        OptionChecks.modelFile(model);
        OutputFiles.refuseToOverwrite(model, out, "--out");
        OptionChecks.writable(out, "--out");
        if (saveScan != null) {
            OutputFiles.refuseToOverwrite(model, saveScan, "--save-scan");
            if (saveScan.toAbsolutePath().normalize().equals(out.toAbsolutePath().normalize())) {
                throw new UserError("--save-scan and --out are the same file: " + out);
            }
            OptionChecks.writable(saveScan, "--save-scan");
        }
        SensitivityResult given = scan == null ? null : readScan();
        dataOptions.givenProfile();
        LoadedModel loaded = inputShapeOption.load(model);
        DataSets data = dataOptions.open(loaded);
        PrintWriter stdout = spec.commandLine().getOut();
        String modelName = loaded.file().getFileName().toString();
        SensitivityResult result = given != null ? checked(given, loaded) : computeScan(loaded, data, settings);
        PruningSpec base = new PruningSpec(PruningSpec.CURRENT_VERSION, PruningMode.STRUCTURED, Scope.PER_LAYER, name,
                Amount.ratio(0), 1, 1, PruningSpec.DEFAULT_SEED, List.of(), Map.of());
        PruningService service = new PruningService(data.get(DataRole.VALIDATION));
        AllocationSolver.Allocation allocation;
        Optional<LatencyFit.Result> timed = Optional.empty();
        if (budget.metric() == Budget.Metric.LATENCY) {
            DataSource validation = data.require(DataRole.VALIDATION, "A latency budget");
            Examples input = validation.read(0, Math.min(latencyBatch, validation.size()));
            PrintWriter err = spec.commandLine().getErr();
            LatencyFit.Result fit = LatencyFit.fit(loaded.backend(), service.planner(loaded, Cancellation.none()), base,
                    budget, result.curves(), input, LatencyProbe.Settings.DEFAULT, (fraction, message) -> {
                        err.printf(Locale.ROOT, "%3.0f %% latency: %s%n", 100 * fraction, message);
                        err.flush();
                    }, Cancellation.none());
            allocation = fit.allocation();
            timed = Optional.of(fit);
        } else {
            allocation = service.allocate(loaded, base, budget, result.curves(), Cancellation.none());
        }
        AtomicFiles.writeString(out, PruningSpecJson.write(allocation.spec()));
        print(modelName, result, allocation, stdout);
        timed.ifPresent(fit -> printLatency(fit, input(latencyBatch), stdout));
        stdout.printf(Locale.ROOT, "saved %s; replay: shears prune %s --recipe %s --out PRUNED%n", out, model, out);
        stdout.flush();
        return 0;
    }

    private Budget budget() {
        int given = (macs != null ? 1 : 0) + (params != null ? 1 : 0) + (latency != null ? 1 : 0);
        if (given != 1) {
            throw new UserError("give one target: --macs S, --params S or --latency S (the share kept, e.g. 0.5)");
        }
        if (latencyBatch < 1) {
            throw new UserError("--latency-batch must be 1 or more examples, not " + latencyBatch);
        }
        if (latency == null && spec.commandLine().getParseResult().hasMatchedOption("--latency-batch")) {
            throw new UserError("--latency-batch belongs to --latency S");
        }
        String option = macs != null ? "--macs" : params != null ? "--params" : "--latency";
        double keep = macs != null ? macs : params != null ? params : latency;
        if (!(keep > 0 && keep <= 1)) {
            throw new UserError(option + " is the share kept, in (0, 1], not " + keep);
        }
        return new Budget(macs != null ? Budget.Metric.MACS : params != null ? Budget.Metric.PARAMS
                : Budget.Metric.LATENCY, keep);
    }

    private static String input(int batch) {
        return batch == 1 ? "one example" : "batches of " + batch;
    }

    private static void printLatency(LatencyFit.Result fit, String input, PrintWriter out) {
        double unpruned = fit.table().unprunedNanos();
        out.printf(Locale.ROOT, "latency (%s, %s): unpruned %s; predicted %s (%s), measured %s (%s)%s%n", input,
                "median of timed rounds", AllocationSolver.duration(unpruned),
                AllocationSolver.duration(fit.allocation().predictedNanos().orElse(Double.NaN)),
                Formats.percent(fit.allocation().predictedNanos().orElse(Double.NaN) / unpruned),
                AllocationSolver.duration(fit.measuredNanos()), Formats.percent(fit.measuredShare()),
                fit.rounds() > 1 ? "; the target was tightened " + (fit.rounds() - 1) + " time(s) after timing" : "");
        if (!fit.met()) {
            out.printf(Locale.ROOT, "note: the measured time keeps %s, more than the %s asked: the groups' savings did"
                    + " not add up as the table predicts, or the machine was busy while timing; a smaller --latency"
                    + " share or a quieter machine gets closer%n", Formats.percent(fit.measuredShare()),
                    Formats.percent(fit.allocation().spec().budget().orElseThrow().keep()));
        }
    }

    private SensitivityResult readScan() throws IOException {
        if (!Files.isRegularFile(scan)) {
            throw new UserError("--scan: " + scan + " is not a file");
        }
        try {
            return SensitivityCsv.read(scan);
        } catch (SensitivityCsv.FormatException e) {
            throw new UserError("--scan: " + e.getMessage());
        }
    }

    /** A scan of another model would allocate by someone else's curves: its unpruned counts must be this model's. */
    private SensitivityResult checked(SensitivityResult given, LoadedModel loaded) {
        long modelParams = loaded.graph().totalParams();
        if (given.baseline().params() != modelParams) {
            throw new UserError(String.format(Locale.ROOT, "--scan: %s was made on a model with %s parameters; %s has"
                    + " %s", scan, Formats.exact(given.baseline().params()), model.getFileName(),
                    Formats.exact(modelParams)));
        }
        if (given.rows().isEmpty()) {
            throw new UserError("--scan: " + scan + " has no scanned channel group to allocate");
        }
        return given;
    }

    private SensitivityResult computeScan(LoadedModel loaded, DataSets data, SensitivitySettings settings)
            throws IOException {
        SensitivityTarget target = SensitivityTarget.of(loaded);
        if (target instanceof SensitivityTarget.Onnx) {
            if (Engines.preference() == Engines.Choice.DL4J) {
                throw new UserError("--engine dl4j: DL4J cannot run ONNX models; they are scanned in ONNX Runtime");
            }
            if (settings.criterion().measured()) {
                throw new UserError("--criterion " + settings.criterion().jsonName() + " needs gradients, which Shears"
                        + " computes for DL4J models only");
            }
        }
        DataSource validation = data.require(DataRole.VALIDATION, "The sensitivity scan behind a budget");
        SensitivityScan.unsuitable(target.graph(), validation).ifPresent(reason -> {
            throw new UserError(model + ": " + reason);
        });
        PrintWriter err = spec.commandLine().getErr();
        SensitivityScan.Scan computed = SensitivityScan.scan(target, validation, settings, SensitivityShard.WHOLE,
                (fraction, message) -> {
                    err.printf(Locale.ROOT, "%s scan: %s%n", fraction < 0 ? "     " : String.format(Locale.ROOT,
                            "%3.0f %%", 100 * fraction), message);
                    err.flush();
                }, Cancellation.none());
        SensitivityResult result = computed.result();
        if (saveScan != null) {
            SensitivityCsv.write(result, saveScan);
        }
        if (result.rows().isEmpty()) {
            throw new UserError(model + ": no channel group could be scanned, so there is nothing to allocate"
                    + (result.skipped().isEmpty() ? "" : " (" + result.skipped().values().iterator().next().reason()
                    + ")"));
        }
        return result;
    }

    private static void print(String modelName, SensitivityResult result, AllocationSolver.Allocation allocation,
                              PrintWriter out) {
        Budget budget = allocation.spec().budget().orElseThrow();
        Impact impact = allocation.impact();
        out.printf(Locale.ROOT, "%s: keep at most %s of the %s; scan of %d validation examples, unpruned accuracy"
                        + " %.2f %%%n", modelName, Formats.percent(budget.keep()), budget.metric().label(), result.images(),
                100 * result.baseline().accuracy());
        int width = Math.max(5, result.groups().stream().mapToInt(String::length).max().orElse(5));
        out.printf(Locale.ROOT, "%-" + width + "s  %8s  %7s  %6s  %14s%n", "group", "channels", "removed", "kept",
                "predicted loss");
        double baseline = result.baseline().accuracy();
        allocation.shares().forEach((group, share) -> {
            List<SensitivityRow> rows = result.rows(group);
            int channels = rows.get(0).channels();
            Optional<SensitivityRow> at = rows.stream().filter(r -> r.ratio() == share.removed()).findFirst();
            out.printf(Locale.ROOT, "%-" + width + "s  %8d  %6.0f%%  %6d  %11.2f pt%n", group, channels,
                    100 * share.removed(), at.map(SensitivityRow::keptChannels).orElse(channels),
                    100 * share.predictedLoss());
        });
        result.skipped().forEach((group, s) -> out.printf("kept whole: %s (%s)%n", group, s.reason()));
        out.printf(Locale.ROOT, "keeps %s of %s MACs (%s) and %s of %s parameters (%s); predicted accuracy %.2f %%"
                        + " (−%.2f points, the scan's losses added up)%n", Formats.exact(impact.macsAfter()),
                Formats.exact(impact.macsBefore()), Formats.percent(impact.macRatio()), Formats.exact(impact.paramsAfter()),
                Formats.exact(impact.paramsBefore()), Formats.percent(impact.paramRatio()),
                100 * (baseline - allocation.predictedLoss()), 100 * allocation.predictedLoss());
    }
}
