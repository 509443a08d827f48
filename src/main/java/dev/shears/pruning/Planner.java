package dev.shears.pruning;

import dev.shears.analysis.MacCounter;
import dev.shears.model.ChannelGroup;
import dev.shears.model.ChannelGroups;
import dev.shears.model.LayerNode;
import dev.shears.model.NetworkGraph;
import dev.shears.model.ParamTensor;
import dev.shears.model.TensorShape;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

/** Turns scores and ratios into a {@link PruningPlan}. Reads weights, never changes the network. */
public final class Planner {
    /** Guards ⌊ratio·n⌋ against 0.7·300 = 209.99999999999997. */
    private static final double ROUNDING_SLACK = 1e-9;

    private Planner() {
    }

    public static PruningPlan plan(NetworkGraph graph, ChannelGroups groups, Criterion criterion, Weights weights,
                                   PlanSettings settings) {
        for (String name : settings.groupRatios().keySet()) {
            if (groups.named(name).isEmpty()) {
                throw new IllegalArgumentException("no channel group named " + name);
            }
        }
        List<GroupPlan> plans = new ArrayList<>();
        Map<String, String> skipped = new LinkedHashMap<>();
        for (ChannelGroup g : groups.groups()) {
            Optional<String> notApplicable = g.prunable() ? criterion.notApplicable(g) : Optional.empty();
            notApplicable.ifPresent(reason -> skipped.put(g.name(), reason));
            if (!g.prunable() || notApplicable.isPresent()) {
                plans.add(new GroupPlan(g, IntStream.range(0, g.channels()).boxed().toList()));
                continue;
            }
            int keep = keptCount(g.channels(), settings.ratioFor(g.name()), settings.minKeep(), settings.roundTo());
            plans.add(new GroupPlan(g, strongest(criterion.score(g, weights), keep)));
        }
        return new PruningPlan(plans, skipped, cost(graph, List.of()), cost(graph, plans));
    }

    /**
     * Channels kept out of {@code channels} when a {@code ratio} is removed: ⌊ratio·n⌋ go, then at
     * least {@code minKeep} stay, then the count is rounded up to a multiple of {@code roundTo}
     * (never above n). Rounding up means a plan never removes more than asked.
     */
    public static int keptCount(int channels, double ratio, int minKeep, int roundTo) {
        int keep = channels - (int) removedCount(channels, ratio);
        keep = Math.max(keep, minKeep);
        keep = (keep + roundTo - 1) / roundTo * roundTo;
        return Math.min(keep, channels);
    }

    /** ⌊ratio·units⌋: how many units a ratio removes before minimums and rounding. */
    static long removedCount(long units, double ratio) {
        return (long) Math.floor(ratio * units + ROUNDING_SLACK);
    }

    /** The {@code keep} best-scoring channels (ties to the lower index), ascending. */
    private static List<Integer> strongest(double[] scores, int keep) {
        return IntStream.range(0, scores.length).boxed()
                .sorted(Comparator.comparingDouble((Integer c) -> -scores[c]).thenComparingInt(c -> c))
                .limit(keep).sorted().toList();
    }

    /** Parameters and MACs from the shapes the plan leaves, with {@link MacCounter}'s rules. */
    static NetworkCost cost(NetworkGraph graph, List<GroupPlan> plans) {
        PlanIndices removed = PlanIndices.of(plans, role -> true);
        long params = 0;
        long macs = 0;
        for (LayerNode node : graph.nodes()) {
            List<ParamTensor> after = new ArrayList<>();
            for (ParamTensor p : node.params()) {
                TensorShape shape = TensorShape.of(removed.shapeAfter(node.name(), p.key(), p.shape().dims()));
                after.add(new ParamTensor(p.key(), shape, p.stats()));
                params += shape.elements();
            }
            macs += MacCounter.macs(node.kind(), outputAfter(node, removed), after);
        }
        return new NetworkCost(params, macs);
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
