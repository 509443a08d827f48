package dev.shears.pruning.planning;

import dev.shears.model.LayerNode;
import dev.shears.model.NetworkGraph;
import dev.shears.model.ParamTensor;
import dev.shears.pruning.Amount;
import dev.shears.pruning.Scope;
import dev.shears.pruning.Weights;
import dev.shears.pruning.plan.NetworkCost;
import dev.shears.pruning.plan.TensorMask;
import dev.shears.pruning.plan.UnstructuredPlan;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns element scores into an {@link UnstructuredPlan}: per layer (each tensor loses its own
 * share) or globally (one cut over all pooled tensors). Reads weights, never changes the network.
 */
public final class UnstructuredPlanner {
    private UnstructuredPlanner() {
    }

    /** A tensor the planner considers, with its scores. */
    private record Scored(LayerNode node, ParamTensor param, double[] scores) {
    }

    public static UnstructuredPlan plan(NetworkGraph graph, Weights weights, UnstructuredSettings settings) {
        checkLayerNames(graph, settings.layerRules().keySet());
        checkLayerNames(graph, settings.ignored());
        Map<Scored, BitSet> selected = new LinkedHashMap<>();
        List<Scored> pool = new ArrayList<>();
        for (LayerNode node : graph.nodes()) {
            if (settings.ignored().contains(node.name())) {
                continue;
            }
            for (ParamTensor p : node.params()) {
                if (!p.isWeight()) {
                    continue;
                }
                ElementRule own = settings.layerRules().get(node.name());
                ElementRule rule = own != null ? own : settings.defaults();
                Scored scored = new Scored(node, p, rule.criterion().score(node.name(), p.key(),
                        weights.get(node.name(), p.key())));
                selected.put(scored, null);
                if (own == null && settings.scope() == Scope.GLOBAL) {
                    pool.add(scored);
                } else {
                    selected.put(scored, lowest(List.of(scored), rule.amount()).get(0));
                }
            }
        }
        List<BitSet> pooled = lowest(pool, settings.defaults().amount());
        for (int i = 0; i < pool.size(); i++) {
            selected.put(pool.get(i), pooled.get(i));
        }
        List<TensorMask> masks = new ArrayList<>();
        selected.forEach((s, bits) -> masks.add(new TensorMask(s.node().name(), s.param().key(), s.param().shape(),
                bits)));
        return new UnstructuredPlan(masks, new NetworkCost(graph.totalParams(), graph.totalMacs()),
                costAfter(graph, masks));
    }

    /**
     * The lowest-scoring values over all given tensors. A ratio removes exactly ⌊ratio·n⌋: below the
     * cut value everything goes, values equal to it go in tensor order, then index order.
     */
    private static List<BitSet> lowest(List<Scored> tensors, Amount amount) {
        List<BitSet> out = new ArrayList<>();
        tensors.forEach(t -> out.add(new BitSet(t.scores().length)));
        if (tensors.isEmpty()) {
            return out;
        }
        if (amount instanceof Amount.Threshold threshold) {
            markBelow(tensors, out, threshold.value());
            return out;
        }
        long total = tensors.stream().mapToLong(t -> t.scores().length).sum();
        long k = Planner.removedCount(total, ((Amount.Ratio) amount).value());
        if (k == 0) {
            return out;
        }
        double cut = kthSmallest(tensors, total, k);
        long ties = k - markBelow(tensors, out, cut);
        for (int t = 0; t < tensors.size() && ties > 0; t++) {
            double[] scores = tensors.get(t).scores();
            for (int i = 0; i < scores.length && ties > 0; i++) {
                if (scores[i] == cut) {
                    out.get(t).set(i);
                    ties--;
                }
            }
        }
        return out;
    }

    private static long markBelow(List<Scored> tensors, List<BitSet> out, double cut) {
        long marked = 0;
        for (int t = 0; t < tensors.size(); t++) {
            double[] scores = tensors.get(t).scores();
            for (int i = 0; i < scores.length; i++) {
                if (scores[i] < cut) {
                    out.get(t).set(i);
                    marked++;
                }
            }
        }
        return marked;
    }

    private static double kthSmallest(List<Scored> tensors, long total, long k) {
        double[] all = new double[Math.toIntExact(total)];
        int at = 0;
        for (Scored t : tensors) {
            System.arraycopy(t.scores(), 0, all, at, t.scores().length);
            at += t.scores().length;
        }
        Arrays.sort(all);
        return all[Math.toIntExact(k - 1)];
    }

    /** Surviving weights; each weight of a layer carries the same number of MACs (MacCounter's rules). */
    private static NetworkCost costAfter(NetworkGraph graph, List<TensorMask> masks) {
        return NetworkCost.sum(layerCostsAfter(graph, masks).values());
    }

    /** Per node, in graph order: parameters and MACs that survive the masks. */
    public static Map<String, NetworkCost> layerCostsAfter(NetworkGraph graph, List<TensorMask> masks) {
        Map<String, NetworkCost> costs = new LinkedHashMap<>();
        for (LayerNode node : graph.nodes()) {
            long weights = node.params().stream().filter(ParamTensor::isWeight).mapToLong(ParamTensor::count).sum();
            long pruned = masks.stream().filter(m -> m.layer().equals(node.name())).mapToLong(TensorMask::prunedCount)
                    .sum();
            long macs = weights == 0 ? node.macs() : node.macs() - pruned * (node.macs() / weights);
            costs.put(node.name(), new NetworkCost(node.paramCount() - pruned, macs));
        }
        return costs;
    }

    private static void checkLayerNames(NetworkGraph graph, Set<String> names) {
        for (String name : names) {
            if (graph.node(name).isEmpty()) {
                throw new IllegalArgumentException("no layer named " + name);
            }
        }
    }
}
