package dev.shears.cli;

import dev.shears.eval.SensitivityCsv;
import dev.shears.eval.SensitivityResult;
import dev.shears.eval.SensitivityRow;
import dev.shears.eval.SensitivityScan;
import dev.shears.eval.SensitivitySettings;
import dev.shears.data.DataRole;
import dev.shears.data.DataSource;
import dev.shears.io.LoadedModel;
import dev.shears.pruning.Criteria;
import dev.shears.pruning.CriterionName;
import dev.shears.pruning.PruningSpec;
import dev.shears.task.Cancellation;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "sensitivity", description = {"How much each channel group matters: validation accuracy and loss"
        + " with a fraction of one group's channels removed, for every group and ratio. Writes CSV.",
    "The model is never modified."})
final class SensitivityCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEL", description = "a DL4J ModelSerializer .zip or a Keras 2 .h5")
    Path model;

    @Option(names = "--out", required = true, paramLabel = "OUT.csv", description = "where to write the scan")
    Path out;

    @Option(names = "--criterion", paramLabel = "C", defaultValue = "l1",
            description = "which channels go: l1 (default), l2, bn-gamma, taylor, fpgm, random")
    String criterion;

    @Option(names = "--images", paramLabel = "N", defaultValue = "5000",
            description = "the first N validation examples (default: ${DEFAULT-VALUE}, or all when fewer)")
    int images;

    @Option(names = "--ratios", paramLabel = "R,R,...", split = ",",
            description = "fractions of a group's channels removed, in (0, 1) (default: 0.1,0.2,...,0.9)")
    List<Double> ratios;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "" + PruningSpec.DEFAULT_SEED,
            description = "seed of the random criterion (default: ${DEFAULT-VALUE})")
    long seed;

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
        SensitivitySettings settings = settings();
        OutputFiles.refuseToOverwrite(model, out, "--out");
        LoadedModel loaded = inputShapeOption.load(model);
        DataSource validation = dataOptions.open(loaded).require(DataRole.VALIDATION, "The sensitivity scan");
        SensitivityScan.unsuitable(loaded.graph(), validation).ifPresent(reason -> {
            throw new UserError(model + ": " + reason);
        });
        PrintWriter err = spec.commandLine().getErr();
        long start = System.nanoTime();
        SensitivityResult result = SensitivityScan.run(loaded, validation, settings, (fraction, message) -> {
            err.printf(Locale.ROOT, "%s %s%n", fraction < 0 ? "     " : String.format(Locale.ROOT, "%3.0f %%",
                    100 * fraction), message);
            err.flush();
        }, Cancellation.none());
        double seconds = (System.nanoTime() - start) / 1e9;
        SensitivityCsv.write(result, out);
        PrintWriter stdout = spec.commandLine().getOut();
        printSummary(loaded, settings, result, stdout);
        stdout.printf(Locale.ROOT, "saved %s (%d rows) in %.0f s%n", out, result.rows().size(), seconds);
        stdout.flush();
        return 0;
    }

    private SensitivitySettings settings() {
        CriterionName name = Criteria.named(criterion).orElseThrow(() -> new UserError("--criterion: '" + criterion
                + "' is not one of " + Arrays.stream(CriterionName.values()).map(CriterionName::jsonName)
                .collect(Collectors.joining(", "))));
        if (images < 1) {
            throw new UserError("--images must be 1 or more, not " + images);
        }
        List<Double> fractions = ratios == null ? SensitivitySettings.DEFAULT_RATIOS : ratios;
        for (double r : fractions) {
            if (!(r > 0 && r < 1)) {
                throw new UserError("--ratios: " + r + " is outside (0, 1); a ratio is the fraction of a group's"
                        + " channels removed");
            }
        }
        return new SensitivitySettings(name, images, fractions, seed);
    }

    /** Accuracy per group (rows) and ratio (columns), then the groups kept whole. */
    private static void printSummary(LoadedModel loaded, SensitivitySettings settings, SensitivityResult result,
                                     PrintWriter out) {
        out.printf(Locale.ROOT, "%s: %d channel groups, %s, %d validation images; unpruned accuracy %.2f %%,"
                        + " loss %.4f%n", loaded.file().getFileName(), result.groups().size(),
                settings.criterion().jsonName(), result.images(), 100 * result.baseline().accuracy(),
                result.baseline().loss());
        int width = Math.max(5, result.groups().stream().mapToInt(String::length).max().orElse(5));
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-" + width + "s  %8s", "group",
                "channels"));
        settings.ratios().forEach(r -> header.append(String.format(Locale.ROOT, "  %6s", "-" + Math.round(100 * r)
                + "%")));
        out.println("accuracy (%) with the fraction of one group's channels removed:");
        out.println(header);
        for (String group : result.groups()) {
            List<SensitivityRow> rows = result.rows(group);
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-" + width + "s  %8d", group,
                    rows.get(0).channels()));
            rows.forEach(r -> line.append(String.format(Locale.ROOT, "  %6.1f", 100 * r.accuracy())));
            out.println(line);
        }
        result.skipped().forEach((group, s) -> out.printf("kept whole: %s (%s)%n", group, s.reason()));
    }
}
