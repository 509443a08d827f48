package dev.shears.cli;

import dev.shears.data.DataRole;
import dev.shears.data.DataSource;
import dev.shears.eval.Engines;
import dev.shears.eval.SensitivityCsv;
import dev.shears.eval.SensitivityResult;
import dev.shears.eval.SensitivityRow;
import dev.shears.eval.SensitivityScan;
import dev.shears.eval.SensitivitySettings;
import dev.shears.eval.SensitivityShard;
import dev.shears.eval.SensitivityShards;
import dev.shears.eval.SensitivityTarget;
import dev.shears.io.LoadedModel;
import dev.shears.model.NetworkGraph;
import dev.shears.pruning.CriterionName;
import dev.shears.pruning.criteria.Criteria;
import dev.shears.pruning.recipes.PruningSpec;
import dev.shears.task.Cancellation;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
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
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

@Command(name = "sensitivity", description = {"How much each channel group matters: validation accuracy and loss"
        + " with a fraction of one group's channels removed, for every group and ratio. Writes CSV.",
    "A scan can be split: --shard I/N computes every N-th group × ratio cell from the I-th, and --merge joins"
        + " the N shard files into exactly the CSV one run writes.",
    "The model is never modified."})
final class SensitivityCommand implements Callable<Integer> {
    /** Options that describe a scan, meaningless for --merge (its shards carry them). */
    private static final List<String> SCAN_OPTIONS = List.of("--criterion", "--images", "--ratios", "--seed",
            "--shard", "--data", "--test-data", "--train-data", "--profile", "--engine");

    @Parameters(index = "0", arity = "0..1", paramLabel = "MODEL",
            description = "a DL4J ModelSerializer .zip, a Keras 2 .h5 or an ONNX .onnx (none with --merge)")
    Path model;

    @Option(names = "--out", required = true, paramLabel = "OUT.csv", description = "where to write the scan")
    Path out;

    @Option(names = "--criterion", paramLabel = "C", defaultValue = "l1",
            description = "which channels go: l1 (default), l2, bn-gamma, taylor and obd (not for ONNX), fpgm, random")
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

    @Option(names = "--shard", paramLabel = "I/N", description = "compute shard I of N (cells I, I+N, I+2N, … in"
            + " scan order) and write it with what --merge checks: model, data, settings, engine")
    String shard;

    @Option(names = "--merge", arity = "1..*", paramLabel = "SHARD.csv", description = "join every shard of one"
            + " scan, each once, into the CSV a single run writes (no MODEL or scan options)")
    List<Path> merge;

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
        if (merge != null) {
            return merge();
        }
        if (model == null) {
            throw new UserError("give the MODEL to scan, or --merge SHARD.csv … to join the shards of a scan");
        }
        engineOption.apply();
        SensitivitySettings settings = settings();
        SensitivityShard part = shard();
        OptionChecks.modelFile(model);
        OutputFiles.refuseToOverwrite(model, out, "--out");
        OptionChecks.writable(out, "--out");
        dataOptions.givenProfile();
        LoadedModel loaded = inputShapeOption.load(model);
        SensitivityTarget target = SensitivityTarget.of(loaded);
        if (target instanceof SensitivityTarget.Onnx) {
            if (Engines.preference() == Engines.Choice.DL4J) {
                throw new UserError("--engine dl4j: DL4J cannot run ONNX models; they are scanned in ONNX Runtime");
            }
            if (settings.criterion().measured()) {
                throw new UserError("--criterion: " + SensitivityScan.measuredOnOnnx(settings.criterion()));
            }
        }
        DataSource validation = dataOptions.open(loaded).require(DataRole.VALIDATION, "The sensitivity scan");
        String name = loaded.file().getFileName().toString();
        NetworkGraph graph = target.graph();
        SensitivityScan.unsuitable(graph, validation).ifPresent(reason -> {
            throw new UserError(model + ": " + reason);
        });
        PrintWriter err = spec.commandLine().getErr();
        long start = System.nanoTime();
        SensitivityScan.Scan scan = SensitivityScan.scan(target, validation, settings, part, (fraction, message) -> {
            err.printf(Locale.ROOT, "%s %s%n", fraction < 0 ? "     " : String.format(Locale.ROOT, "%3.0f %%",
                    100 * fraction), message);
            err.flush();
        }, Cancellation.none());
        double seconds = (System.nanoTime() - start) / 1e9;
        SensitivityResult result = scan.result();
        if (part.whole()) {
            SensitivityCsv.write(result, out);
        } else {
            DataSource scanned = validation.first(settings.images());
            SensitivityShards.write(scan, part, new SensitivityShards.Provenance(name, loaded.sourceSha256(),
                    scanned.name(), scanned.fingerprint(), settings), out);
        }
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf(Locale.ROOT, "%s: %d channel groups, %s, %d validation images; unpruned accuracy %.2f %%,"
                        + " loss %.4f%n", name, scan.cells() / settings.ratios().size(),
                settings.criterion().jsonName(), result.images(), 100 * result.baseline().accuracy(),
                result.baseline().loss());
        printTable(settings.ratios(), result, stdout);
        scan.notes().forEach(note -> stdout.println("note: " + note));
        if (!part.whole()) {
            stdout.printf(Locale.ROOT, "shard %s: %d of the scan's %d cells; join all %d shards with --merge%n", part,
                    result.rows().size(), scan.cells(), part.count());
        }
        stdout.printf(Locale.ROOT, "saved %s (%d rows) in %.1f s on %s%n", out, result.rows().size(), seconds,
                scan.engine());
        stdout.flush();
        return 0;
    }

    private int merge() throws IOException {
        ParseResult parsed = spec.commandLine().getParseResult();
        if (model != null) {
            throw new UserError("--merge joins shard files and takes no MODEL (" + model + ")");
        }
        for (String option : SCAN_OPTIONS) {
            if (parsed.hasMatchedOption(option)) {
                throw new UserError(option + " describes a scan; --merge takes the shards' own settings");
            }
        }
        for (Path shardFile : merge) {
            if (Files.exists(shardFile) && Files.exists(out) && Files.isSameFile(shardFile, out)) {
                throw new UserError("--out " + out + " is one of the shards to merge; choose another file");
            }
        }
        OptionChecks.writable(out, "--out");
        SensitivityResult result = SensitivityShards.merge(merge);
        SensitivityCsv.write(result, out);
        List<Double> fractions = result.rows().stream().map(SensitivityRow::ratio).distinct().sorted().toList();
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf(Locale.ROOT, "%d shards, %d channel groups, %d validation images; unpruned accuracy %.2f %%,"
                        + " loss %.4f%n", merge.size(), result.groups().size(), result.images(),
                100 * result.baseline().accuracy(), result.baseline().loss());
        printTable(fractions, result, stdout);
        stdout.printf(Locale.ROOT, "merged into %s (%d rows)%n", out, result.rows().size());
        stdout.flush();
        return 0;
    }

    private SensitivitySettings settings() {
        return scanSettings(criterion, images, ratios, seed);
    }

    /** The scan options as sensitivity and budget take them, checked in sentences. */
    static SensitivitySettings scanSettings(String criterion, int images, List<Double> ratios, long seed) {
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

    private SensitivityShard shard() {
        if (shard == null) {
            return SensitivityShard.WHOLE;
        }
        try {
            return SensitivityShard.parse(shard);
        } catch (IllegalArgumentException e) {
            throw new UserError("--shard: " + e.getMessage());
        }
    }

    /** Accuracy per group (rows) and ratio (columns; blank where a shard has no cell), then the groups kept whole. */
    private static void printTable(List<Double> ratios, SensitivityResult result, PrintWriter out) {
        int width = Math.max(5, result.groups().stream().mapToInt(String::length).max().orElse(5));
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-" + width + "s  %8s", "group",
                "channels"));
        ratios.forEach(r -> header.append(String.format(Locale.ROOT, "  %6s", "-" + Math.round(100 * r) + "%")));
        out.println("accuracy (%) with the fraction of one group's channels removed:");
        out.println(header);
        for (String group : result.groups()) {
            List<SensitivityRow> rows = result.rows(group);
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-" + width + "s  %8d", group,
                    rows.get(0).channels()));
            for (double r : ratios) {
                line.append(rows.stream().filter(row -> row.ratio() == r).findFirst()
                        .map(row -> String.format(Locale.ROOT, "  %6.1f", 100 * row.accuracy()))
                        .orElse(String.format(Locale.ROOT, "  %6s", "")));
            }
            out.println(line);
        }
        result.skipped().forEach((group, s) -> out.printf("kept whole: %s (%s)%n", group, s.reason()));
    }
}
