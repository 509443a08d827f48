package dev.shears.cli;

import static dev.shears.cli.CliRun.assertOneLineError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.shears.eval.SensitivityCsv;
import dev.shears.eval.SensitivityResult;
import dev.shears.eval.SensitivityRow;
import dev.shears.io.LoadedModel;
import dev.shears.io.ModelLoader;
import dev.shears.io.SampleLocations;
import dev.shears.pruning.Amount;
import dev.shears.pruning.Scope;
import dev.shears.pruning.impact.Budget;
import dev.shears.pruning.recipes.LayerOverride;
import dev.shears.pruning.recipes.PruningSpec;
import dev.shears.pruning.recipes.PruningSpecJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code shears budget} end to end on a copy of the trained bn-cnn: scan, allocate, write, replay with prune. */
class BudgetCommandTest {
    private static final List<Double> RATIOS = List.of(0.25, 0.5, 0.75);

    @TempDir
    static Path dir;
    private static Path bnCnn;
    private static byte[] bnCnnBytes;

    @BeforeAll
    static void copyBnCnn() throws Exception {
        Path trained = SampleLocations.sampleModel("bn-cnn");
        assumeTrue(Files.isRegularFile(trained), "not trained yet: " + trained);
        bnCnn = Files.copy(trained, dir.resolve("bn-cnn.zip"));
        bnCnnBytes = Files.readAllBytes(bnCnn);
    }

    @Test
    void theWrittenRecipeGivesEachGroupAScannedRatioAndReplaysUnderTheBudgetWithTheScansChannelCounts()
            throws Exception {
        Path recipe = dir.resolve("half-macs.json");
        Path scan = dir.resolve("scan.csv");

        CliRun run = CliRun.of("budget", bnCnn.toString(), "--macs", "0.5", "--images", "300", "--ratios",
                "0.25,0.5,0.75", "--out", recipe.toString(), "--save-scan", scan.toString());

        assertThat(run.exitCode).as(run.err).isZero();
        PruningSpec spec = PruningSpecJson.read(recipe);
        assertThat(spec.scope()).isEqualTo(Scope.PER_LAYER);
        assertThat(spec.amount()).isEqualTo(Amount.ratio(0));
        assertThat(spec.budget()).contains(new Budget(Budget.Metric.MACS, 0.5));
        assertThat(spec.layers()).isNotEmpty();
        SensitivityResult scanned = SensitivityCsv.read(scan);
        assertThat(scanned.images()).isEqualTo(300);
        assertThat(run.out).contains("bn-cnn.zip: keep at most 50.0 % of the MACs").contains("predicted accuracy")
                .contains("replay: shears prune");

        Path pruned = dir.resolve("pruned.zip");
        CliRun prune = CliRun.of("prune", bnCnn.toString(), "--recipe", recipe.toString(), "--out", pruned.toString());
        assertThat(prune.exitCode).as(prune.err).isZero();

        LoadedModel before = ModelLoader.load(bnCnn);
        LoadedModel after = ModelLoader.load(pruned);
        assertThat(after.graph().totalMacs()).isLessThanOrEqualTo(before.graph().totalMacs() / 2);
        for (Map.Entry<String, LayerOverride> e : spec.layers().entrySet()) {
            double ratio = ((Amount.Ratio) e.getValue().amount().orElseThrow()).value();
            assertThat(RATIOS).as(e.getKey()).contains(ratio);
            SensitivityRow row = scanned.rows(e.getKey()).stream().filter(r -> r.ratio() == ratio).findFirst()
                    .orElseThrow();
            assertThat(after.graph().node(e.getKey()).orElseThrow().outputShape().dim(0))
                    .as(e.getKey() + "'s channels after replay").isEqualTo(row.keptChannels());
        }
        for (String group : scanned.groups()) {
            if (!spec.layers().containsKey(group)) {
                assertThat(after.graph().node(group).orElseThrow().outputShape().dim(0)).as(group + " kept whole")
                        .isEqualTo(before.graph().node(group).orElseThrow().outputShape().dim(0));
            }
        }

        // the saved scan, read back, allocates exactly what the computed one did
        Path again = dir.resolve("again.json");
        CliRun fromScan = CliRun.of("budget", bnCnn.toString(), "--macs", "0.5", "--scan", scan.toString(), "--out",
                again.toString());
        assertThat(fromScan.exitCode).as(fromScan.err).isZero();
        assertThat(Files.readString(again)).isEqualTo(Files.readString(recipe));
        assertThat(Files.readAllBytes(bnCnn)).as("input untouched").isEqualTo(bnCnnBytes);
    }

    @Test
    void aLatencyBudgetTimesTheModelAndWritesARecipeOfScannedRatiosThatReplays() throws Exception {
        Path recipe = dir.resolve("latency.json");

        CliRun run = CliRun.of("budget", bnCnn.toString(), "--latency", "0.9", "--latency-batch", "32", "--images",
                "200", "--ratios", "0.5", "--out", recipe.toString());

        assertThat(run.exitCode).as(run.err).isZero();
        PruningSpec spec = PruningSpecJson.read(recipe);
        assertThat(spec.budget()).contains(new Budget(Budget.Metric.LATENCY, 0.9));
        assertThat(spec.layers()).as("some group must go to save a tenth of the time").isNotEmpty();
        spec.layers().values().forEach(o -> assertThat(o.amount()).contains(Amount.ratio(0.5)));
        // the groups were timed one by one at the scanned share, then the whole, then the choice itself
        assertThat(run.err).contains("latency: timing the unpruned model").contains("timing conv1 with 50 % of its"
                + " channels removed").contains("timing conv3 with 50 % of its channels removed")
                .contains("timing the network with every scanned group at its largest share")
                .contains("timing the chosen network (round 1)");
        assertThat(run.out).contains("bn-cnn.zip: keep at most 90.0 % of the latency")
                .contains("latency (batches of 32, median of timed rounds): unpruned ");

        Path pruned = dir.resolve("latency-pruned.zip");
        CliRun prune = CliRun.of("prune", bnCnn.toString(), "--recipe", recipe.toString(), "--out", pruned.toString());
        assertThat(prune.exitCode).as(prune.err).isZero();
        LoadedModel after = ModelLoader.load(pruned);
        LoadedModel before = ModelLoader.load(bnCnn);
        for (String group : spec.layers().keySet()) {
            assertThat(after.graph().node(group).orElseThrow().outputShape().dim(0)).as(group + " halved")
                    .isEqualTo(before.graph().node(group).orElseThrow().outputShape().dim(0) / 2);
        }
    }

    @Test
    void badTargetsAndForeignScansFailWithOneLineNamingTheProblem() throws Exception {
        String m = bnCnn.toString();
        String o = dir.resolve("never.json").toString();
        Path foreign = Files.writeString(dir.resolve("foreign.csv"), SensitivityCsv.HEADER + "\n"
                + ",,,0.0,,100,0.9,0.3,266610,266200,baseline\n"
                + "layer0,layer0;layer1,300,0.5,150,100,0.85,0.4,221160,220900,\n");

        assertOneLineError(CliRun.of("budget", m, "--out", o), "give one target: --macs S, --params S or --latency S");
        assertOneLineError(CliRun.of("budget", m, "--macs", "0.5", "--params", "0.5", "--out", o),
                "give one target: --macs S, --params S or --latency S");
        assertOneLineError(CliRun.of("budget", m, "--macs", "0.5", "--latency", "0.5", "--out", o),
                "give one target: --macs S, --params S or --latency S");
        assertOneLineError(CliRun.of("budget", m, "--latency", "0", "--out", o), "--latency is the share kept, in (0, 1]");
        assertOneLineError(CliRun.of("budget", m, "--latency", "0.5", "--latency-batch", "0", "--out", o),
                "--latency-batch must be 1 or more examples, not 0");
        assertOneLineError(CliRun.of("budget", m, "--macs", "0.5", "--latency-batch", "8", "--out", o),
                "--latency-batch belongs to --latency S");
        assertOneLineError(CliRun.of("budget", m, "--macs", "1.5", "--out", o), "--macs is the share kept, in (0, 1]");
        assertOneLineError(CliRun.of("budget", m, "--macs", "0.5", "--criterion", "l7", "--out", o),
                "--criterion: 'l7' is not one of");
        assertOneLineError(CliRun.of("budget", m, "--macs", "0.5", "--scan", foreign.toString(), "--out", o),
                "was made on a model with 266,610 parameters; bn-cnn.zip has 250,922");
        assertOneLineError(CliRun.of("budget", m, "--macs", "0.5", "--scan", foreign.toString(), "--images", "10",
                "--out", o), "--scan gives the scan");
        assertOneLineError(CliRun.of("budget", m, "--macs", "0.5", "--scan", dir.toString(), "--out", o),
                "is not a file");
        assertOneLineError(CliRun.of("budget", m, "--macs", "0.5", "--out", m), "is the input model");
        // the scan runs (its progress on stderr), then the allocation is refused in one closing line
        CliRun unreachable = CliRun.of("budget", m, "--macs", "0.01", "--images", "50", "--ratios", "0.1", "--out", o);
        assertThat(unreachable.exitCode).isNotZero();
        assertThat(unreachable.out).isEmpty();
        List<String> lines = unreachable.err.lines().toList();
        assertThat(lines.get(lines.size() - 1)).startsWith("error:")
                .contains("keeping 1.0 % of the MACs is out of reach with the scanned shares");
        assertThat(unreachable.err).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(Files.exists(Path.of(o))).isFalse();
    }
}
