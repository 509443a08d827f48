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
import java.util.OptionalDouble;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

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
 * <p>For a latency budget the same greedy runs on times predicted from a {@link LatencyTable} instead of counts.
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
     * @param predictedNanos  for a latency budget, the time per inference the latency table predicts; else empty
     */
    public record Allocation(PruningSpec spec, Impact impact, double predictedLoss, Map<String, Share> shares,
                             OptionalDouble predictedNanos) {
        public Allocation {
            shares = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(shares));
        }
    }

    /** One group's part: the share of its channels removed and the loss its monotone curve predicts there. */
    public record Share(double removed, double predictedLoss) {
    }

    /**
     * For a budget of MACs or parameters, counted on the real plan of every candidate.
     *
     * @param impact the counts a recipe leaves (the same rules as the planner's)
     * @param base   a structured recipe: its criterion must be the one the scan was made with
     */
    public static Allocation solve(Function<PruningSpec, Impact> impact, PruningSpec base, Budget budget,
                                   SensitivityCurves curves, Cancellation cancellation) {
        if (!budget.metric().counted()) {
            throw new PruningSpecException("budget", "a latency budget needs measured latencies (a latency table)");
        }
        Problem p = new Problem(impact, base, budget, curves);
        ToDoubleFunction<int[]> kept = s -> budget.metric().of(p.at(s), true);
        long before = budget.metric().of(p.at(new int[p.groups.size()]), false);
        long limit = budget.limit(before);
        int[] state = p.greedy(kept, limit, cancellation, least -> String.format(Locale.ROOT, "keeping %s of the %s is"
                        + " out of reach with the scanned shares: removing the largest share the scan measured (%s)"
                        + " from every scanned group keeps %s of %s (%s)", Formats.percent(budget.keep()),
                budget.metric().label(), Formats.percent(p.largestLevel()), Formats.exact((long) least),
                Formats.exact(before), Formats.percent(least / before)));
        return p.allocation(state, OptionalDouble.empty());
    }

    /**
     * For a latency budget: an allocation's time per inference is predicted from {@code latency} (the unpruned
     * time less each group's measured saving), so no candidate is timed while solving.
     *
     * @param latency measured times of this model at the scan's shares, group by group
     */
    public static Allocation solveForLatency(Function<PruningSpec, Impact> impact, PruningSpec base, Budget budget,
                                             SensitivityCurves curves, LatencyTable latency,
                                             Cancellation cancellation) {
        if (budget.metric() != Budget.Metric.LATENCY) {
            throw new IllegalArgumentException("a latency table answers latency budgets, not " + budget.metric().label());
        }
        Problem p = new Problem(impact, base, budget, curves);
        double[][] times = new double[p.groups.size()][];
        for (int g = 0; g < times.length; g++) {
            times[g] = latency.times(p.groups.get(g), p.levels[g].length);
        }
        double before = latency.unprunedNanos();
        ToDoubleFunction<int[]> kept = s -> latency.predicted(times, s);
        double limit = budget.keep() * before;
        int[] state = p.greedy(kept, limit, cancellation, least -> String.format(Locale.ROOT, "keeping %s of the"
                        + " latency is out of reach with the scanned shares: with the largest share the scan measured"
                        + " (%s) removed from every scanned group, an inference still takes %s of the unpruned %s"
                        + " (%s)%s", Formats.percent(budget.keep()), Formats.percent(p.largestLevel()),
                duration(least), duration(before), Formats.percent(least / before),
                least <= latency.floorNanos() ? " — what every call costs whatever the network's size dominates;"
                        + " time batches of examples, or keep more" : ""));
        return p.allocation(state, OptionalDouble.of(kept.applyAsDouble(state)));
    }

    /** A time per inference as people read it: "412 µs", "3.1 ms". */
    public static String duration(double nanos) {
        return nanos >= 1e6 ? String.format(Locale.ROOT, "%.2f ms", nanos / 1e6)
                : String.format(Locale.ROOT, "%.0f µs", nanos / 1e3);
    }

    /** The groups, their levels and losses, and the recipe and counts of a state (each group's level). */
    private static final class Problem {
        final Function<PruningSpec, Impact> impact;
        final PruningSpec base;
        final Budget budget;
        final List<String> groups;
        final double[][] levels;
        final double[][] losses;

        Problem(Function<PruningSpec, Impact> impact, PruningSpec base, Budget budget, SensitivityCurves curves) {
            if (base.mode() != PruningMode.STRUCTURED) {
                throw new PruningSpecException("mode", "a sensitivity scan allocates channels; the recipe zeroes single"
                        + " weights");
            }
            this.impact = impact;
            this.base = base;
            this.budget = budget;
            groups = List.copyOf(curves.curves().keySet());
            if (groups.isEmpty()) {
                throw new PruningSpecException("budget", "the sensitivity scan has no scanned channel group to allocate");
            }
            levels = new double[groups.size()][];
            losses = new double[groups.size()][];
            for (int g = 0; g < groups.size(); g++) {
                levels[g] = curves.levels(groups.get(g));
                losses[g] = curves.losses(groups.get(g));
            }
        }

        Impact at(int[] state) {
            return impact.apply(recipe(base, groups, levels, state, budget));
        }

        double largestLevel() {
            return Arrays.stream(levels).mapToDouble(l -> l[l.length - 1]).max().orElse(0);
        }

        /**
         * The greedy and its give-back (see the class comment) on any measure of what a state keeps.
         *
         * @param outOfReach the sentence for a budget the largest shares miss, given what they keep
         */
        int[] greedy(ToDoubleFunction<int[]> keptOf, double limit, Cancellation cancellation,
                     java.util.function.DoubleFunction<String> outOfReach) {
            int[] state = new int[groups.size()];
            double kept = keptOf.applyAsDouble(state);
            if (kept > limit) {
                int[] most = new int[groups.size()];
                for (int g = 0; g < groups.size(); g++) {
                    most[g] = levels[g].length - 1;
                }
                double least = keptOf.applyAsDouble(most);
                if (least > limit) {
                    throw new PruningSpecException("budget", outOfReach.apply(least));
                }
            }
            while (kept > limit) {
                cancellation.throwIfCancelled();
                int bestGroup = -1;
                int bestLevel = -1;
                double bestCost = Double.POSITIVE_INFINITY;
                double bestSaving = 0;
                double bestKept = kept;
                for (int g = 0; g < groups.size(); g++) {
                    int from = state[g];
                    for (int to = from + 1; to < levels[g].length; to++) {
                        state[g] = to;
                        double candidate = keptOf.applyAsDouble(state);
                        state[g] = from;
                        double saving = kept - candidate;
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
            giveBack(keptOf, limit, state);
            return state;
        }

        /** Lowers shares, costliest group first, to the smallest level at which the budget still holds. */
        private void giveBack(ToDoubleFunction<int[]> keptOf, double limit, int[] state) {
            Integer[] order = new Integer[state.length];
            for (int g = 0; g < order.length; g++) {
                order[g] = g;
            }
            Arrays.sort(order, (a, b) -> Double.compare(losses[b][state[b]], losses[a][state[a]]));
            for (int g : order) {
                int chosen = state[g];
                for (int lower = 0; lower < chosen; lower++) {
                    state[g] = lower;
                    if (keptOf.applyAsDouble(state) <= limit) {
                        chosen = lower;
                        break;
                    }
                    state[g] = chosen;
                }
                state[g] = chosen;
            }
        }

        Allocation allocation(int[] state, OptionalDouble predictedNanos) {
            double loss = 0;
            Map<String, Share> shares = new LinkedHashMap<>();
            for (int g = 0; g < groups.size(); g++) {
                loss += losses[g][state[g]];
                shares.put(groups.get(g), new Share(levels[g][state[g]], losses[g][state[g]]));
            }
            return new Allocation(recipe(base, groups, levels, state, budget), at(state), loss, shares,
                    predictedNanos);
        }
    }

    private static PruningSpec recipe(PruningSpec base, List<String> groups, double[][] levels, int[] state,
                                      Budget budget) {
        Map<String, Double> removed = new LinkedHashMap<>();
        for (int g = 0; g < groups.size(); g++) {
            removed.put(groups.get(g), levels[g][state[g]]);
        }
        return withShares(base, removed, Optional.of(budget));
    }

    /**
     * The per-layer recipe that removes {@code removed}'s share of each named group's channels and keeps every other
     * group whole; the base recipe's criterion, importance, minKeep, roundTo and ignored layers stay.
     */
    public static PruningSpec withShares(PruningSpec base, Map<String, Double> removed, Optional<Budget> budget) {
        Map<String, LayerOverride> layers = new LinkedHashMap<>();
        removed.forEach((group, share) -> {
            if (share > 0) {
                layers.put(group, new LayerOverride(Optional.empty(), Optional.of(Amount.ratio(share)),
                        Optional.empty(), Optional.empty()));
            }
        });
        return new PruningSpec(base.version(), base.mode(), Scope.PER_LAYER, base.criterion(), Amount.ratio(0),
                base.minKeep(), base.roundTo(), base.seed(), base.ignore(), layers, base.importance(), budget);
    }
}
