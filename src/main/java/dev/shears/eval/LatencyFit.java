package dev.shears.eval;

import dev.shears.data.Examples;
import dev.shears.io.ModelBackend;
import dev.shears.pruning.impact.Budget;
import dev.shears.pruning.planning.AllocationSolver;
import dev.shears.pruning.planning.LatencyTable;
import dev.shears.pruning.planning.PreviewPlanner;
import dev.shears.pruning.planning.SensitivityCurves;
import dev.shears.pruning.recipes.PruningSpec;
import dev.shears.task.Cancellation;
import dev.shears.task.ProgressListener;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A latency budget, NetAdapt's way (Yang et al. 2018): time the model with each scanned group pruned alone
 * ({@link LatencyProbe#table}), let {@link AllocationSolver} choose shares by the table's additive prediction, then
 * time the chosen network itself. When the measured time misses the budget (savings are not quite additive, and
 * timings are noisy), the target is tightened by the miss and solved again, up to {@link #MAX_ROUNDS} times; the
 * recipe always records the budget asked for.
 */
public final class LatencyFit {
    public static final int MAX_ROUNDS = 3;

    private LatencyFit() {
    }

    /**
     * @param allocation    the shares chosen (the recipe notes the budget asked for)
     * @param table         the look-up table it was predicted from
     * @param measuredNanos the chosen network's time per run, measured
     * @param rounds        solves it took (1: the first prediction held)
     */
    public record Result(AllocationSolver.Allocation allocation, LatencyTable table, double measuredNanos,
                         int rounds) {
        /** The measured share of the unpruned time. */
        public double measuredShare() {
            return measuredNanos / table.unprunedNanos();
        }

        /** Whether the measured time is within the budget. */
        public boolean met() {
            Budget b = allocation.spec().budget().orElseThrow();
            return measuredNanos <= b.keep() * table.unprunedNanos();
        }
    }

    public static Result fit(ModelBackend unpruned, PreviewPlanner planner, PruningSpec base, Budget budget,
                             SensitivityCurves curves, Examples input, LatencyProbe.Settings settings,
                             ProgressListener progress, Cancellation cancellation) throws IOException {
        if (budget.metric() != Budget.Metric.LATENCY) {
            throw new IllegalArgumentException("a latency fit is for a latency budget, not " + budget.metric().label());
        }
        LatencyTable table = LatencyProbe.table(unpruned, planner, base, curves, input, settings,
                (f, m) -> progress.progress(0.85 * f, m), cancellation);
        double keep = budget.keep();
        Result best = null;
        for (int round = 1; round <= MAX_ROUNDS; round++) {
            progress.progress(0.85 + 0.05 * round, "timing the chosen network (round " + round + ")");
            AllocationSolver.Allocation solved;
            try {
                solved = planner.allocateForLatency(base, new Budget(Budget.Metric.LATENCY, keep), curves, table,
                        cancellation);
            } catch (dev.shears.pruning.PruningSpecException e) {
                if (best == null) {
                    throw e;
                }
                break; // a tighter target is out of the table's reach: keep the closest one measured
            }
            AllocationSolver.Allocation asked = asAsked(solved, budget);
            // timed beside the unpruned model, so the check is against the same machine state as the table's time
            double measured = LatencyProbe.paired(unpruned, planner.forEvaluation(planner.plan(asked.spec())), input,
                    settings, cancellation).candidateBeside(table.unprunedNanos());
            Result result = new Result(asked, table, measured, round);
            if (best == null || measured < best.measuredNanos()) {
                best = result;
            }
            if (result.met()) {
                return result;
            }
            // the prediction was optimistic by measured / predicted: ask the table for that much less
            keep = Math.min(keep, keep * budget.keep() * table.unprunedNanos() / measured);
            if (!(keep > 0)) {
                break;
            }
        }
        return best;
    }

    /** The same shares with the budget the user asked for noted (a tightened round solved for less). */
    private static AllocationSolver.Allocation asAsked(AllocationSolver.Allocation solved, Budget asked) {
        Map<String, Double> removed = new LinkedHashMap<>();
        solved.shares().forEach((group, share) -> removed.put(group, share.removed()));
        PruningSpec spec = AllocationSolver.withShares(solved.spec(), removed, Optional.of(asked));
        return new AllocationSolver.Allocation(spec, solved.impact(), solved.predictedLoss(), solved.shares(),
                solved.predictedNanos());
    }
}
