package dev.shears.pruning.planning;

import dev.shears.analysis.MacCounter;
import dev.shears.model.ChannelGroup;
import dev.shears.model.ChannelGroups;
import dev.shears.model.LayerNode;
import dev.shears.model.NetworkGraph;
import dev.shears.model.ParamTensor;
import dev.shears.model.TensorShape;
import dev.shears.pruning.Amount;
import dev.shears.pruning.Scope;
import dev.shears.pruning.Weights;
import dev.shears.pruning.plan.GroupPlan;
import dev.shears.pruning.plan.NetworkCost;
import dev.shears.pruning.plan.PlanIndices;
import dev.shears.pruning.plan.PruningPlan;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * Turns scores and amounts into a {@link PruningPlan}. Reads weights, never changes the network.
 * Per layer, each group keeps its best channels by its own rule; globally, pooled groups are ranked
 * together on normalised scores ({@link GlobalRanking}) and each then keeps its best channels.
 */
public final class Planner {
    /** Guards ⌊ratio·n⌋ against 0.7·300 = 209.99999999999997. */
    private static final double ROUNDING_SLACK = 1e-9;

    private Planner() {
    }

    private record Scored(ChannelGroup group, double[] scores) {
    }

    public static PruningPlan plan(NetworkGraph graph, ChannelGroups groups, Weights weights,
                                   StructuredSettings settings) {
        checkGroupNames(groups, settings.groupRules().keySet());
        checkGroupNames(groups, settings.ignored());
        Map<String, List<Integer>> kept = new LinkedHashMap<>();
        Map<String, String> skipped = new LinkedHashMap<>();
        List<Scored> pool = new ArrayList<>();
        for (ChannelGroup g : groups.groups()) {
            GroupRule own = settings.groupRules().get(g.name());
            GroupRule rule = own != null ? own : settings.defaults();
            Optional<String> skip = !g.prunable() ? Optional.empty()
                    : settings.ignored().contains(g.name()) ? Optional.of("ignored")
                    : rule.criterion().notApplicable(g);
            skip.ifPresent(reason -> skipped.put(g.name(), reason));
            if (!g.prunable() || skip.isPresent()) {
                kept.put(g.name(), all(g.channels()));
            } else if (own == null && settings.scope() == Scope.GLOBAL) {
                kept.put(g.name(), null);
                pool.add(new Scored(g, rule.criterion().score(g, weights)));
            } else {
                double[] scores = rule.criterion().score(g, weights);
                kept.put(g.name(), strongest(scores, keptCount(scores, rule)));
            }
        }
        GroupRule defaults = settings.defaults();
        int[] removed = GlobalRanking.removedPerGroup(pool.stream()
                .map(s -> new GlobalRanking.Pooled(s.scores(), settings.pooledFloor(s.scores().length))).toList(),
                defaults.amount());
        for (int i = 0; i < pool.size(); i++) {
            Scored s = pool.get(i);
            int keep = rounded(s.scores().length - removed[i], s.scores().length, defaults.minKeep(),
                    defaults.roundTo());
            kept.put(s.group().name(), strongest(s.scores(), keep));
        }
        List<GroupPlan> plans = groups.groups().stream().map(g -> new GroupPlan(g, kept.get(g.name()))).toList();
        return new PruningPlan(plans, skipped, cost(graph, List.of()), cost(graph, plans));
    }

    /**
     * Channels kept out of {@code channels} when a {@code ratio} is removed: ⌊ratio·n⌋ go, then at
     * least {@code minKeep} stay, then the count is rounded up to a multiple of {@code roundTo}
     * (never above n). Rounding up means a plan never removes more than asked.
     */
    public static int keptCount(int channels, double ratio, int minKeep, int roundTo) {
        return rounded(channels - (int) removedCount(channels, ratio), channels, minKeep, roundTo);
    }

    /** ⌊ratio·units⌋: how many units a ratio removes before minimums and rounding. */
    static long removedCount(long units, double ratio) {
        return (long) Math.floor(ratio * units + ROUNDING_SLACK);
    }

    private static int keptCount(double[] scores, GroupRule rule) {
        if (rule.amount() instanceof Amount.Ratio ratio) {
            return keptCount(scores.length, ratio.value(), rule.minKeep(), rule.roundTo());
        }
        double threshold = ((Amount.Threshold) rule.amount()).value();
        int atOrAbove = (int) Arrays.stream(scores).filter(s -> s >= threshold).count();
        return rounded(atOrAbove, scores.length, rule.minKeep(), rule.roundTo());
    }

    private static int rounded(int keep, int channels, int minKeep, int roundTo) {
        int atLeast = Math.max(keep, minKeep);
        return Math.min((atLeast + roundTo - 1) / roundTo * roundTo, channels);
    }

    private static List<Integer> all(int channels) {
        return IntStream.range(0, channels).boxed().toList();
    }

    /** The {@code keep} best-scoring channels (ties to the lower index), ascending. */
    private static List<Integer> strongest(double[] scores, int keep) {
        return IntStream.range(0, scores.length).boxed()
                .sorted(Comparator.comparingDouble((Integer c) -> -scores[c]).thenComparingInt(c -> c))
                .limit(keep).sorted().toList();
    }

    private static void checkGroupNames(ChannelGroups groups, Iterable<String> names) {
        for (String name : names) {
            if (groups.named(name).isEmpty()) {
                throw new IllegalArgumentException("no channel group named " + name);
            }
        }
    }

    /** Parameters and MACs from the shapes the plan leaves, with {@link MacCounter}'s rules. */
    static NetworkCost cost(NetworkGraph graph, List<GroupPlan> plans) {
        return NetworkCost.sum(layerCosts(graph, plans).values());
    }

    /** Per node, in graph order: parameters and MACs from the shapes the plan leaves. */
    public static Map<String, NetworkCost> layerCosts(NetworkGraph graph, List<GroupPlan> plans) {
        PlanIndices removed = PlanIndices.of(plans, role -> true);
        Map<String, NetworkCost> costs = new LinkedHashMap<>();
        for (LayerNode node : graph.nodes()) {
            long params = 0;
            List<ParamTensor> after = new ArrayList<>();
            for (ParamTensor p : node.params()) {
                TensorShape shape = TensorShape.of(removed.shapeAfter(node.name(), p.key(), p.shape().dims()));
                after.add(new ParamTensor(p.key(), shape, p.stats()));
                params += shape.elements();
            }
            costs.put(node.name(), new NetworkCost(params, MacCounter.macs(node.kind(), outputAfter(node, removed),
                    after)));
        }
        return costs;
    }

    private static TensorShape outputAfter(LayerNode node, PlanIndices removed) {
        if (!node.outputShape().isKnown()) {
            return node.outputShape();
        }
        long[] dims = node.outputShape().dims();
        dims[0] -= removed.removedChannels(node.name());
        return TensorShape.of(dims);
    }
}
