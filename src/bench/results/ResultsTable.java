import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Rewrites the README's Results table by re-running every row's command: the table is generated, not typed.
 *
 * <pre>
 * java -cp target/shears.jar src/bench/results/ResultsTable.java [--only ID,ID] [--work DIR] [--jar JAR] [--keep] [--dry-run]
 * </pre>
 *
 * Rows are read from {@code src/bench/results/rows.tsv} (tab-separated: id, model, what the row does, the
 * {@code shears prune} arguments after the model — empty for the unpruned model). A model "bn-cnn from ID"
 * prunes the model row ID wrote (e.g. after a slimming stage) and is compared with bn-cnn. Each row is pruned with the
 * jar as a separate process (exactly the command printed under the table), then measured: test-split top-1
 * ({@code shears eval --split test}), parameters (non-zero ones for unstructured rows), MACs per image
 * ({@code shears inspect --json}), the zip's bytes, and latency against the unpruned model — the median of three
 * alternating {@code eval --batch 250} runs of each. The table between {@code <!-- results:begin -->} and
 * {@code <!-- results:end -->} in README.md is replaced; rows not re-run (--only) keep their old line.
 * Pruned models are written to a folder named {@code sample-models} in the work folder beside a link to the
 * samples' data, so they are evaluated on the samples' own splits. Takes hours: fine-tuning is most of it.
 */
public final class ResultsTable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BEGIN = "<!-- results:begin -->";
    private static final String END = "<!-- results:end -->";

    /**
     * @param model  the bundled sample the row starts from and is compared with
     * @param source the row whose pruned model this row prunes further ("bn-cnn from ID"), or empty
     */
    record Row(String id, String model, String source, String what, String args) {
        boolean pruned() {
            return !args.isBlank();
        }

        boolean unstructured() {
            return args.contains("--unstructured");
        }

        /** "BUDGET ARGS => PRUNE ARGS": a recipe from {@code shears budget} first, replayed by prune. */
        boolean budgeted() {
            return args.contains("=>");
        }

        String budgetArgs() {
            return args.substring(0, args.indexOf("=>")).trim();
        }

        String pruneArgs() {
            return budgeted() ? args.substring(args.indexOf("=>") + 2).trim() : args.trim();
        }
    }

    /** @param nonZeroMacs each layer's MACs times its share of non-zero parameters: what sparse kernels would do */
    record Measured(double accuracy, long params, long nonZero, long macs, long nonZeroMacs, long zipBytes,
                    double examplesPerSecond) {
    }

    public static void main(String[] argv) throws Exception {
        Path repo = Path.of("").toAbsolutePath();
        Path work = repo.resolve("target/results");
        Set<String> only = new LinkedHashSet<>();
        boolean dryRun = false;
        boolean keep = false;
        Path jar = repo.resolve("target/shears.jar");
        for (int i = 0; i < argv.length; i++) {
            switch (argv[i]) {
                case "--only" -> only.addAll(Arrays.asList(argv[++i].split(",")));
                case "--work" -> work = Path.of(argv[++i]).toAbsolutePath();
                case "--dry-run" -> dryRun = true;
                case "--keep" -> keep = true;
                case "--jar" -> jar = Path.of(argv[++i]).toAbsolutePath();
                default -> throw new IllegalArgumentException("unknown option " + argv[i]
                        + "; use --only ID,ID, --work DIR, --jar JAR, --keep (reuse pruned models), --dry-run");
            }
        }
        List<Row> rows = rows(repo.resolve("src/bench/results/rows.tsv"));
        for (String id : only) {
            if (rows.stream().noneMatch(r -> r.id().equals(id))) {
                throw new IllegalArgumentException("no row " + id + " in rows.tsv");
            }
        }
        Path models = work.resolve("sample-models");
        Files.createDirectories(models);
        Path data = models.resolve("data");
        if (!Files.exists(data, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Files.createSymbolicLink(data, repo.resolve("sample-models/data"));
        }
        Map<String, String> lines = oldLines(repo.resolve("README.md"));
        Map<String, Measured> baselines = new HashMap<>();
        // rows with the same budget on the same model share one recipe (one sensitivity scan)
        Map<String, Path> recipes = new HashMap<>();
        for (Row row : rows) {
            if (!only.isEmpty() && !only.contains(row.id()) && lines.containsKey(row.id())) {
                continue;
            }
            Path original = repo.resolve("sample-models").resolve(row.model() + ".zip");
            Path input = row.source().isEmpty() ? original : models.resolve(row.source() + ".zip");
            if (!row.source().isEmpty() && !dryRun && !Files.exists(input)) {
                throw new IllegalStateException(row.id() + " prunes " + row.source() + "'s model: run that row first"
                        + " (put it in --only, or keep its model with --keep)");
            }
            Path measured = original;
            if (row.pruned()) {
                measured = models.resolve(row.id() + ".zip");
                List<String> command = new ArrayList<>(List.of("java", "-jar", jar.toString(), "prune",
                        input.toString()));
                List<String> budget = new ArrayList<>(List.of("java", "-jar", jar.toString(), "budget",
                        original.toString()));
                if (row.budgeted()) {
                    Path recipe = work.resolve(row.id() + ".recipe.json");
                    budget.addAll(words(row.budgetArgs()));
                    budget.addAll(List.of("--out", recipe.toString()));
                    command.addAll(List.of("--recipe", recipe.toString()));
                }
                command.addAll(words(row.pruneArgs()));
                command.addAll(List.of("--out", measured.toString()));
                if (dryRun) {
                    if (row.budgeted()) {
                        System.out.println(String.join(" ", budget));
                    }
                    System.out.println(String.join(" ", command));
                    continue;
                }
                if (!(keep && Files.exists(measured))) {
                    if (row.budgeted()) {
                        Path recipe = work.resolve(row.id() + ".recipe.json");
                        Path same = recipes.get(row.model() + " " + row.budgetArgs());
                        if (same != null) {
                            Files.copy(same, recipe, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                        } else {
                            Files.deleteIfExists(recipe);
                            run(budget, work.resolve(row.id() + ".budget.log"));
                            recipes.put(row.model() + " " + row.budgetArgs(), recipe);
                        }
                    }
                    Files.deleteIfExists(measured);
                    run(command, work.resolve(row.id() + ".prune.log"));
                }
            } else if (dryRun) {
                continue;
            }
            Measured base = baselines.containsKey(row.model()) ? baselines.get(row.model())
                    : measure(jar, original, work, row.model() + "-original");
            baselines.putIfAbsent(row.model(), base);
            Measured m = row.pruned() ? measure(jar, measured, work, row.id()) : base;
            double latency = row.pruned() ? latencyRatio(jar, original, measured, work, row.id()) : 1;
            lines.put(row.id(), line(row, m, base, latency));
            System.out.println(lines.get(row.id()));
        }
        if (!dryRun) {
            writeTable(repo.resolve("README.md"), rows, lines);
        }
    }

    static List<String> words(String args) {
        return args.isBlank() ? List.of() : Arrays.asList(args.trim().split("\\s+"));
    }

    static List<Row> rows(Path file) throws IOException {
        List<Row> rows = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t", -1);
            if (f.length != 4) {
                throw new IllegalArgumentException("rows.tsv: 4 tab-separated fields expected: " + line);
            }
            String[] model = f[1].trim().split("\\s+from\\s+");
            rows.add(new Row(f[0].trim(), model[0], model.length > 1 ? model[1] : "", f[2].trim(), f[3].trim()));
        }
        return rows;
    }

    /** The README's current table lines, by the row id each carries in a trailing comment. */
    static Map<String, String> oldLines(Path readme) throws IOException {
        Map<String, String> lines = new HashMap<>();
        for (String line : Files.readAllLines(readme, StandardCharsets.UTF_8)) {
            int at = line.lastIndexOf("<!-- row:");
            if (line.startsWith("|") && at > 0) {
                lines.put(line.substring(at + 9, line.indexOf("-->", at)).trim(), line);
            }
        }
        return lines;
    }

    static Measured measure(Path jar, Path model, Path work, String id) throws Exception {
        JsonNode eval = JSON.readTree(run(List.of("java", "-jar", jar.toString(), "eval", model.toString(), "--split",
                "test", "--batch", "250", "--json"), work.resolve(id + ".eval.log")));
        JsonNode inspect = JSON.readTree(run(List.of("java", "-jar", jar.toString(), "inspect", model.toString(),
                "--json"), work.resolve(id + ".inspect.log")));
        long nonZero = 0;
        long nonZeroMacs = 0;
        for (JsonNode layer : inspect.get("layers")) {
            double kept = 1 - layer.get("sparsity").asDouble();
            nonZero += Math.round(layer.get("params").asLong() * kept);
            nonZeroMacs += Math.round(layer.get("macs").asLong() * kept);
        }
        return new Measured(eval.get("accuracy").asDouble(), inspect.get("totals").get("params").asLong(), nonZero,
                inspect.get("totals").get("macs").asLong(), nonZeroMacs, Files.size(model),
                eval.get("examplesPerSecond").asDouble());
    }

    /** Pruned latency over the original's: medians of three alternating runs each (the machine may be shared). */
    static double latencyRatio(Path jar, Path original, Path pruned, Path work, String id) throws Exception {
        double[] before = new double[3];
        double[] after = new double[3];
        for (int i = 0; i < 3; i++) {
            before[i] = throughput(jar, original, work, id + ".latency-original-" + i);
            after[i] = throughput(jar, pruned, work, id + ".latency-pruned-" + i);
        }
        return median(before) / median(after);
    }

    static double throughput(Path jar, Path model, Path work, String id) throws Exception {
        return JSON.readTree(run(List.of("java", "-jar", jar.toString(), "eval", model.toString(), "--split", "test",
                "--batch", "250", "--json"), work.resolve(id + ".log"))).get("examplesPerSecond").asDouble();
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    static String line(Row row, Measured m, Measured base, double latency) {
        String accuracy = String.format(Locale.ROOT, "%.2f %%", 100 * m.accuracy());
        if (row.pruned()) {
            accuracy += String.format(Locale.ROOT, " (%+.2f)", 100 * (m.accuracy() - base.accuracy())).replace("-", "−");
        }
        // ¹ (the note under the table): zeros are stored and multiplied all the same without sparse kernels
        String params = row.unstructured() ? String.format(Locale.ROOT, "%,d non-zero¹ (%.1f× fewer)", m.nonZero(),
                (double) base.params() / m.nonZero()) : String.format(Locale.ROOT, "%,d", m.params());
        String macs = row.unstructured() ? String.format(Locale.ROOT, "≈ %,d¹", m.nonZeroMacs())
                : String.format(Locale.ROOT, "%,d", m.macs());
        if (row.pruned() && !row.unstructured()) {
            macs += String.format(Locale.ROOT, " (%.1f× fewer)", (double) base.macs() / m.macs());
        }
        return String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %,d | %s | <!-- row:%s -->", row.model(),
                row.pruned() ? row.what() : "—", accuracy, params, macs, m.zipBytes(),
                row.pruned() ? String.format(Locale.ROOT, "%.2f", latency) + (row.unstructured() ? "¹" : "") : "1",
                row.id());
    }

    static void writeTable(Path readme, List<Row> rows, Map<String, String> lines) throws IOException {
        String text = Files.readString(readme, StandardCharsets.UTF_8);
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IllegalStateException("README.md has no " + BEGIN + " … " + END + " block");
        }
        StringBuilder table = new StringBuilder(BEGIN).append('\n')
                .append("| model | pruning | test top-1 | params | MACs / image | zip bytes | latency vs original |\n")
                .append("|---|---|---:|---:|---:|---:|---:|\n");
        for (Row row : rows) {
            if (lines.containsKey(row.id())) {
                table.append(lines.get(row.id())).append('\n');
            }
        }
        table.append('\n').append("```bash\n");
        for (Row row : rows) {
            if (row.budgeted()) {
                table.append(String.format("java -jar target/shears.jar budget sample-models/%s.zip %s --out %s.json%n",
                        row.model(), row.budgetArgs(), row.id()));
                table.append(String.format("java -jar target/shears.jar prune sample-models/%s.zip --recipe %s.json %s"
                        + "--out %s.zip%n", row.model(), row.id(), row.pruneArgs().isEmpty() ? "" : row.pruneArgs() + " ",
                        row.id()));
            } else if (row.pruned()) {
                String in = row.source().isEmpty() ? "sample-models/" + row.model() + ".zip" : row.source() + ".zip";
                table.append(String.format("java -jar target/shears.jar prune %s %s --out %s.zip%n", in, row.args(),
                        row.id()));
            }
        }
        table.append("```\n");
        String updated = text.substring(0, begin) + table + text.substring(end);
        Files.writeString(readme, updated, StandardCharsets.UTF_8);
    }

    /** Runs a command, its stderr to a log; returns stdout. A failure stops the whole run with the log's tail. */
    static String run(List<String> command, Path log) throws Exception {
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(log.toFile());
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = process.waitFor();
        if (code != 0) {
            List<String> tail = Files.readAllLines(log);
            throw new IllegalStateException(String.join(" ", command) + " exited " + code + ":\n"
                    + tail.subList(Math.max(0, tail.size() - 5), tail.size()).stream().collect(Collectors.joining("\n")));
        }
        return out;
    }
}
