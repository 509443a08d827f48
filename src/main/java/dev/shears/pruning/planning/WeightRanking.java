package dev.shears.pruning.planning;

import dev.shears.model.LayerNode;
import dev.shears.model.NetworkGraph;
import dev.shears.model.ParamTensor;
import dev.shears.pruning.Amount;
import dev.shears.pruning.Scope;
import dev.shears.pruning.Weights;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Every weight tensor's magnitudes, sorted once, so that how many weights each tensor loses under
 * magnitude {@link UnstructuredSettings} is a few binary searches instead of a new plan. Follows
 * {@link UnstructuredPlanner}'s rules exactly: a ratio removes ⌊ratio·n⌋, a threshold removes
 * values strictly below it, globally one cut over the pooled tensors with ties in tensor order.
 * Costs one float per weight.
 */
final class WeightRanking {
    private final List<String> layers = new ArrayList<>();
    private final List<float[]> sortedMagnitudes = new ArrayList<>();

    WeightRanking(NetworkGraph graph, Weights weights) {
        for (LayerNode node : graph.nodes()) {
            for (ParamTensor p : node.params()) {
                if (p.isWeight()) {
                    float[] values = weights.get(node.name(), p.key()).values();
                    float[] magnitudes = new float[values.length];
                    for (int i = 0; i < values.length; i++) {
                        magnitudes[i] = (float) Math.abs(values[i]);
                    }
                    Arrays.sort(magnitudes);
                    layers.add(node.name());
                    sortedMagnitudes.add(magnitudes);
                }
            }
        }
    }

    /** Weights removed per weight tensor, in graph order; the settings must use magnitude criteria. */
    long[] prunedPerTensor(UnstructuredSettings settings) {
        int count = sortedMagnitudes.size();
        long[] pruned = new long[count];
        boolean[] pooled = new boolean[count];
        long pooledWeights = 0;
        for (int t = 0; t < count; t++) {
            String layer = layers.get(t);
            if (settings.ignored().contains(layer)) {
                continue;
            }
            ElementRule own = settings.layerRules().get(layer);
            if (own == null && settings.scope() == Scope.GLOBAL) {
                pooled[t] = true;
                pooledWeights += sortedMagnitudes.get(t).length;
            } else {
                pruned[t] = removed(sortedMagnitudes.get(t), (own != null ? own : settings.defaults()).amount());
            }
        }
        if (pooledWeights == 0) {
            return pruned;
        }
        Amount amount = settings.defaults().amount();
        if (amount instanceof Amount.Threshold threshold) {
            for (int t = 0; t < count; t++) {
                if (pooled[t]) {
                    pruned[t] = below(sortedMagnitudes.get(t), threshold.value());
                }
            }
            return pruned;
        }
        long k = Planner.removedCount(pooledWeights, ((Amount.Ratio) amount).value());
        if (k == 0) {
            return pruned;
        }
        float cut = kthSmallest(pooled, k);
        long ties = k;
        for (int t = 0; t < count; t++) {
            if (pooled[t]) {
                pruned[t] = below(sortedMagnitudes.get(t), cut);
                ties -= pruned[t];
            }
        }
        for (int t = 0; t < count && ties > 0; t++) {
            if (pooled[t]) {
                float[] m = sortedMagnitudes.get(t);
                long equal = atOrBelow(m, cut) - pruned[t];
                long take = Math.min(equal, ties);
                pruned[t] += take;
                ties -= take;
            }
        }
        return pruned;
    }

    private static long removed(float[] sorted, Amount amount) {
        if (amount instanceof Amount.Ratio ratio) {
            return Planner.removedCount(sorted.length, ratio.value());
        }
        return below(sorted, ((Amount.Threshold) amount).value());
    }

    /** The k-th smallest pooled magnitude (1-based), by bisection on the float's bits (monotone for ≥ 0). */
    private float kthSmallest(boolean[] pooled, long k) {
        int lo = 0;
        int hi = Float.floatToIntBits(Float.MAX_VALUE);
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            float v = Float.intBitsToFloat(mid);
            long atOrBelow = 0;
            for (int t = 0; t < pooled.length; t++) {
                if (pooled[t]) {
                    atOrBelow += atOrBelow(sortedMagnitudes.get(t), v);
                }
            }
            if (atOrBelow >= k) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return Float.intBitsToFloat(lo);
    }

    private static long below(float[] sorted, double value) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < value) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static long atOrBelow(float[] sorted, float value) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= value) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
