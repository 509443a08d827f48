package dev.shears.pruning.planning;

import dev.shears.analysis.Formats;
import dev.shears.pruning.Amount;
import dev.shears.pruning.PruningMode;
import dev.shears.pruning.PruningSpecException;
import dev.shears.pruning.Scope;
import dev.shears.pruning.impact.Budget;
import dev.shears.pruning.impact.Impact;
import dev.shears.pruning.recipes.LayerOverride;
import dev.shears.pruning.recipes.PruningSpec;
import dev.shears.task.Cancellation;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Per-layer ratios that meet a budget at the least predicted accuracy loss, from a sensitivity scan's curves
 * ({@link SensitivityCurves}): each scanned channel group is given one of the shares the scan measured (or
 * none), and the allocation with the smallest summed predicted loss that keeps at most the budget's share of
 * MACs or parameters is sought.
 *
 * <p><b>Greedy, not a knapsack.</b> A multiple-choice knapsack would be exact if each group's saving were its
 * own, but it is not: a conv's MACs shrink with its kept outputs <em>and</em> its kept inputs, so what one group
 * saves depends on the share its neighbour keeps. The greedy measures every candidate move on the real plan's
 * counts ({@link PreviewPlanner#impact}, the live impact's microsecond path) instead of assuming additive
 * savings: from nothing pruned, it repeatedly takes the move — one group to a larger scanned share — with the
 * least predicted loss per unit of the budget's metric saved (ties: the larger saving), until the budget is
 * met. It then gives back: any group whose share can be lowered (to the least loss) while the budget still
 * holds is lowered, largest loss first, since the last greedy step usually overshoots.
 *
 * <p>The solved recipe is per layer: the base recipe's criterion, importance, minKeep, roundTo and ignored
 * layers stay; its default ratio becomes 0 (unscanned groups are kept whole) and each pruned group gets an
 * override with its share. The budget is noted in the recipe; replaying it uses the overrides.
 */
public final class AllocationSolver {
    private AllocationSolver() {
    }

    /**
     * @param spec            the solved recipe
     * @param impact          what it leaves
     * @param predictedLoss   the summed predicted accuracy loss (a fraction, 0.031 = 3.1 points)
     * @param shares          group → its share, for every scanned group (removed 0 for those kept whole), graph order
     */
    public record Allocation(PruningSpec spec, Impact impact, double predictedLoss, Map<String, Share> shares) {
        public Allocation {
            shares = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(shares));
        }
    }

    /** One group's part: the share of its channels removed and the loss its monotone curve predicts there. */
    public record Share(double removed, double predictedLoss) {
    }

    /**
     * @param impact the counts a recipe leaves (the same rules as the planner's)
     * @param base   a structured recipe: its criterion must be the one the scan was made with
     */
    public static Allocation solve(Function<PruningSpec, Impact> impact, PruningSpec base, Budget budget,
                                   SensitivityCurves curves, Cancellation cancellation) {
        if (base.mode() != PruningMode.STRUCTURED) {
            throw new PruningSpecException("mode", "a sensitivity scan allocates channels; the recipe zeroes single"
                    + " weights");
        }
        List<String> groups = List.copyOf(curves.curves().keySet());
        if (groups.isEmpty()) {
            throw new PruningSpecException("budget", "the sensitivity scan has no scanned channel group to allocate");
        }
        double[][] levels = new double[groups.size()][];
        double[][] losses = new double[groups.size()][];
        for (int g = 0; g < groups.size(); g++) {
            levels[g] = curves.levels(groups.get(g));
            losses[g] = curves.losses(groups.get(g));
        }
        int[] state = new int[groups.size()];
        Function<int[], Impact> at = s -> impact.apply(recipe(base, groups, levels, s, budget));
        Impact current = at.apply(state);
        long before = budget.metric().of(current, false);
        long limit = budget.limit(before);
        long kept = budget.metric().of(current, true);
        if (kept > limit) {
            int[] most = new int[groups.size()];
            for (int g = 0; g < groups.size(); g++) {
                most[g] = levels[g].length - 1;
            }
            long least = budget.metric().of(at.apply(most), true);
            if (least > limit) {
                throw new PruningSpecException("budget", String.format(Locale.ROOT, "keeping %s of the %s is out of"
                        + " reach with the scanned shares: removing the largest share the scan measured (%s) from"
                        + " every scanned group keeps %s of %s (%s)", Formats.percent(budget.keep()),
                        budget.metric().label(), Formats.percent(Arrays.stream(levels).mapToDouble(l -> l[l.length - 1])
                                .max().orElse(0)), Formats.exact(least), Formats.exact(before),
                        Formats.percent((double) least / before)));
            }
        }
        while (kept > limit) {
            cancellation.throwIfCancelled();
            int bestGroup = -1;
            int bestLevel = -1;
            double bestCost = Double.POSITIVE_INFINITY;
            long bestSaving = 0;
            long bestKept = kept;
            for (int g = 0; g < groups.size(); g++) {
                int from = state[g];
                for (int to = from + 1; to < levels[g].length; to++) {
                    state[g] = to;
                    long candidate = budget.metric().of(at.apply(state), true);
                    state[g] = from;
                    long saving = kept - candidate;
                    if (saving <= 0) {
                        continue;
                    }
                    double cost = (losses[g][to] - losses[g][from]) / saving;
                    if (cost < bestCost || (cost == bestCost && saving > bestSaving)) {
                        bestCost = cost;
                        bestSaving = saving;
                        bestGroup = g;
                        bestLevel = to;
                        bestKept = candidate;
                    }
                }
            }
            if (bestGroup < 0) {
                // unreachable: the largest shares met the budget above, and every step towards them saves
                throw new IllegalStateException("no move saves " + budget.metric().label() + " below " + kept);
            }
            state[bestGroup] = bestLevel;
            kept = bestKept;
        }
        giveBack(at, budget, limit, state, losses);
        Impact solved = at.apply(state);
        double loss = 0;
        Map<String, Share> shares = new LinkedHashMap<>();
        for (int g = 0; g < groups.size(); g++) {
            loss += losses[g][state[g]];
            shares.put(groups.get(g), new Share(levels[g][state[g]], losses[g][state[g]]));
        }
        return new Allocation(recipe(base, groups, levels, state, budget), solved, loss, shares);
    }

    /** Lowers shares, costliest group first, to the smallest level at which the budget still holds. */
    private static void giveBack(Function<int[], Impact> at, Budget budget, long limit, int[] state, double[][] losses) {
        Integer[] order = new Integer[state.length];
        for (int g = 0; g < order.length; g++) {
            order[g] = g;
        }
        Arrays.sort(order, (a, b) -> Double.compare(losses[b][state[b]], losses[a][state[a]]));
        for (int g : order) {
            int chosen = state[g];
            for (int lower = 0; lower < chosen; lower++) {
                state[g] = lower;
                if (budget.metric().of(at.apply(state), true) <= limit) {
                    chosen = lower;
                    break;
                }
                state[g] = chosen;
            }
            state[g] = chosen;
        }
    }

    private static PruningSpec recipe(PruningSpec base, List<String> groups, double[][] levels, int[] state,
                                      Budget budget) {
        Map<String, LayerOverride> layers = new LinkedHashMap<>();
        for (int g = 0; g < groups.size(); g++) {
            if (state[g] > 0) {
                layers.put(groups.get(g), new LayerOverride(Optional.empty(), Optional.of(Amount.ratio(levels[g][state[g]])),
                        Optional.empty(), Optional.empty()));
            }
        }
        return new PruningSpec(base.version(), base.mode(), Scope.PER_LAYER, base.criterion(), Amount.ratio(0),
                base.minKeep(), base.roundTo(), base.seed(), base.ignore(), layers, base.importance(),
                Optional.of(budget));
    }
}
