package dev.shears.cli;

import dev.shears.data.DataRole;
import dev.shears.data.DataSource;
import dev.shears.eval.AccuracyEstimate;
import dev.shears.eval.Evaluator;
import dev.shears.io.LoadedModel;
import dev.shears.io.ModelBackend;
import dev.shears.pruning.plan.Plan;
import dev.shears.pruning.planning.PreviewPlanner;
import dev.shears.pruning.recipes.PruningSpec;
import dev.shears.pruning.recipes.PruningSpecJson;
import dev.shears.task.Cancellation;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Times the app's accuracy preview the way the pruning panel runs it: plan → smaller network →
 * progressive evaluation on the validation split in batches of 250, reporting the time to the first
 * estimate, to the whole split, and the throughput. Runs it {@code --runs} times; the first run
 * includes warm-up.
 */
@Command(name = "bench", description = "Time the accuracy preview: first estimate, whole validation split, images/s.")
final class BenchCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEL", description = "a DL4J ModelSerializer .zip or a Keras 2 .h5")
    Path model;

    @Option(names = "--ratio", defaultValue = "0.5", description = "structured share removed, per layer, l1 "
            + "(default: ${DEFAULT-VALUE})")
    double ratio;

    @Option(names = "--runs", defaultValue = "3", description = "repetitions (default: ${DEFAULT-VALUE})")
    int runs;

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
        if (!(ratio >= 0 && ratio < 1)) {
            throw new UserError("--ratio must be in [0, 1), not " + ratio);
        }
        if (runs < 1) {
            throw new UserError("--runs must be 1 or more, not " + runs);
        }
        OptionChecks.modelFile(model);
        LoadedModel loaded = inputShapeOption.load(model);
        DataSource validation = dataOptions.open(loaded).require(DataRole.VALIDATION, "bench");
        PruningSpec recipe = PruningSpecJson.read(String.format(Locale.ROOT,
                "{\"version\":1,\"mode\":\"structured\",\"criterion\":\"l1\",\"ratio\":%s}", ratio));
        PreviewPlanner planner = new PreviewPlanner(loaded.backend(), () -> null);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "%s: accuracy preview of %s, %s (batches of %d)%n",
                loaded.displayName(), recipe.criterion().jsonName() + " structured " + ratio + " per layer",
                validation.name(), Evaluator.PREVIEW_BATCH);
        for (int run = 1; run <= runs; run++) {
            long start = System.nanoTime();
            Plan plan = planner.plan(recipe);
            ModelBackend masked = planner.forEvaluation(plan);
            long prepared = System.nanoTime();
            long[] first = {0};
            AccuracyEstimate[] firstEstimate = new AccuracyEstimate[1];
            AccuracyEstimate done = Evaluator.evaluate(masked, validation, Evaluator.PREVIEW_BATCH, e -> {
                if (first[0] == 0) {
                    first[0] = System.nanoTime();
                    firstEstimate[0] = e;
                }
            }, Cancellation.none());
            long end = System.nanoTime();
            out.printf(Locale.ROOT, "run %d: plan+surgery %.0f ms, first estimate %.0f ms (%.1f %% ± %.1f), whole split "
                            + "%.2f s (%.2f %%), %.0f images/s%n", run, (prepared - start) / 1e6,
                    (first[0] - start) / 1e6, 100 * firstEstimate[0].accuracy(), 100 * firstEstimate[0].halfWidth95(),
                    (end - start) / 1e9,
                    100 * done.accuracy(), done.examplesPerSecond());
            out.flush();
        }
        return 0;
    }
}
