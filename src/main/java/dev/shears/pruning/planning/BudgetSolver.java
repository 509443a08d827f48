package dev.shears.pruning.planning;

import dev.shears.analysis.Formats;
import dev.shears.pruning.Amount;
import dev.shears.pruning.PruningSpecException;
import dev.shears.pruning.impact.Budget;
import dev.shears.pruning.impact.Impact;
import dev.shears.pruning.recipes.PruningSpec;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reaches a budget ("half the MACs", "60 % of the parameters") without guessing ratios: the smallest
 * default ratio of a recipe whose plan keeps at most the budget's share, found by bisection on the
 * ratio with the live impact's counts ({@link PreviewPlanner#impact}: microseconds per step for
 * channels). Kept MACs and parameters never grow with the ratio (a larger ratio removes a superset of
 * channels or weights), so the bisection closes on the step where the plan first meets the budget:
 * the solved plan meets it, and the plan one step before — one channel fewer in a global ranking —
 * does not. The ratio is then shortened to the fewest decimals that give the same plan (0.4375
 * rather than 0.43749999999999994), so a recipe reads and replays cleanly.
 *
 * <p>Everything else in the recipe stays: criterion, importance, scope, per-layer amounts (those groups
 * keep their own), ignored layers, minKeep and roundTo.
 */
public final class BudgetSolver {
    /** Ratios are below 1 (a recipe's ratio is in [0, 1)). */
    private static final double MAX_RATIO = Math.nextDown(1.0);
    private static final int MAX_STEPS = 200;

    private BudgetSolver() {
    }

    /**
     * @param spec       the solved recipe: the input with the ratio and the budget noted
     * @param impact     what it leaves
     * @param oneStepLess what the largest smaller ratio that changes the plan leaves (it misses the budget);
     *                   empty when nothing needs pruning
     */
    public record Solution(PruningSpec spec, Impact impact, Optional<Impact> oneStepLess) {
        public double ratio() {
            return ((Amount.Ratio) spec.amount()).value();
        }
    }

    /** @param impact the counts a recipe leaves (the same rules as the planner's) */
    public static Solution solve(Function<PruningSpec, Impact> impact, PruningSpec spec, Budget budget) {
        if (!budget.metric().counted()) {
            throw new PruningSpecException("budget", "one ratio for every layer is solved for MACs or parameters; a"
                    + " latency budget is fitted to a sensitivity scan and measured latencies (shears budget --latency)");
        }
        Function<Double, Impact> at = r -> impact.apply(spec.with(Amount.ratio(r), spec.layers()));
        Impact none = at.apply(0.0);
        long before = budget.metric().of(none, false);
        long limit = budget.limit(before);
        if (budget.metric().of(none, true) <= limit) {
            return new Solution(spec.solvedFor(budget, Amount.ratio(0)), none, Optional.empty());
        }
        Impact most = at.apply(MAX_RATIO);
        long least = budget.metric().of(most, true);
        if (least > limit) {
            throw new PruningSpecException("budget", String.format(java.util.Locale.ROOT, "keeping %s of the %s is out of reach: pruning"
                    + " all this recipe can keeps %s of %s (%s); groups that cannot be pruned, ignored layers,"
                    + " minKeep and per-layer amounts stay", Formats.percent(budget.keep()), budget.metric().label(),
                    Formats.exact(least), Formats.exact(before), Formats.percent((double) least / before)));
        }
        double lo = 0; // misses the budget
        double hi = MAX_RATIO; // meets it
        for (int step = 0; step < MAX_STEPS && Math.nextUp(lo) < hi; step++) {
            double mid = lo + (hi - lo) / 2;
            if (budget.metric().of(at.apply(mid), true) <= limit) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        Impact solved = at.apply(hi);
        double ratio = shortest(hi, solved, at);
        return new Solution(spec.solvedFor(budget, Amount.ratio(ratio)), solved, Optional.of(at.apply(lo)));
    }

    /** The ratio ≥ {@code ratio} with the fewest decimals whose plan is the same. */
    private static double shortest(double ratio, Impact solved, Function<Double, Impact> at) {
        for (int decimals = 1; decimals <= 17; decimals++) {
            double scale = Math.pow(10, decimals);
            double candidate = Math.ceil(ratio * scale) / scale;
            if (candidate >= ratio && candidate < 1 && samePlan(at.apply(candidate), solved)) {
                return candidate;
            }
        }
        return ratio;
    }

    private static boolean samePlan(Impact a, Impact b) {
        return a.paramsAfter() == b.paramsAfter() && a.macsAfter() == b.macsAfter()
                && Arrays.equals(a.removedPerGroup(), b.removedPerGroup()) && Arrays.equals(a.nonZeros(), b.nonZeros());
    }
}
