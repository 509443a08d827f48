package dev.shears.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shears.analysis.Formats;
import dev.shears.io.AtomicFiles;
import dev.shears.io.LoadedModel;
import dev.shears.io.ModelFiles;
import dev.shears.io.ModelLoader;
import dev.shears.io.SampleLocations;
import dev.shears.pruning.PruningMode;
import dev.shears.pruning.PruningReport;
import dev.shears.pruning.PruningReportJson;
import dev.shears.pruning.PruningResult;
import dev.shears.pruning.PruningService;
import dev.shears.pruning.PruningSpec;
import dev.shears.pruning.PruningSpecJson;
import dev.shears.task.Cancellation;
import dev.shears.task.ProgressListener;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "prune", description = {"Prune a model by a recipe or by one ratio, prove the result and save it.",
    "The input file is never modified."})
final class PruneCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEL", description = "a DL4J ModelSerializer .zip")
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

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PruningSpec pruningSpec = pruningSpec();
        OutputFiles.refuseToOverwrite(model, out, "--out");
        if (report != null) {
            OutputFiles.refuseToOverwrite(model, report, "--report");
            if (report.toAbsolutePath().normalize().equals(out.toAbsolutePath().normalize())) {
                throw new UserError("--report and --out are the same file: " + out);
            }
        }
        LoadedModel loaded = ModelLoader.load(model);
        PruningService service = new PruningService(SampleLocations.samplesFolder()
                .map(folder -> folder.resolve("data").resolve("fashion-mnist")));
        PruningResult result = service.run(loaded, pruningSpec, ProgressListener.NONE, Cancellation.none());
        PruningReport r = result.report();
        if (!r.equivalent()) {
            throw new UserError(String.format(Locale.ROOT, "the pruned network differs from the masked original by"
                    + " %.3g (tolerance %.0e): nothing written; please report this model", r.equivalence()
                    .orElseThrow().maxAbsDifference(), PruningReport.EQUIVALENCE_TOLERANCE));
        }
        ModelFiles.save(result.network(), out);
        if (report != null) {
            AtomicFiles.writeString(report, PruningReportJson.write(r) + System.lineSeparator());
        }
        PrintWriter stdout = spec.commandLine().getOut();
        printSummary(loaded, pruningSpec, r, stdout);
        stdout.println("saved " + out + (report != null ? ", report " + report : ""));
        stdout.flush();
        return 0;
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

    private static void printSummary(LoadedModel loaded, PruningSpec spec, PruningReport r, PrintWriter out) {
        boolean shrunk = r.mode() == PruningMode.STRUCTURED;
        out.printf(Locale.ROOT, "%s: %s, %s, %s%n", loaded.file().getFileName(), spec.mode().jsonName(),
                spec.criterion().jsonName(), PruningSpecJson.scopeName(spec.scope()));
        out.printf(Locale.ROOT, "params    %s → %s (%s kept)%s%n", Formats.exact(r.before().params()),
                Formats.exact(r.after().params()), Formats.percent(r.keptParamRatio()),
                shrunk ? "" : ", non-zero; the file stores " + Formats.exact(r.storedParams())
                        + " (DL4J has no sparse storage)");
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
