package dev.shears.pruning;

import dev.shears.model.ActivationSlice;
import dev.shears.model.ParamSlice;
import dev.shears.model.SliceRole;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/** A plan translated into tensor indices: what leaves each parameter axis and each activation. */
final class PlanIndices {
    private record ParamAxis(String layer, String param, int axis) {
    }

    private final Map<ParamAxis, SortedSet<Long>> params = new HashMap<>();
    private final Map<String, Long> activations = new HashMap<>();

    private PlanIndices() {
    }

    /** Indices removed by the plan, from the parameter slices whose role passes the filter. */
    static PlanIndices of(List<GroupPlan> plan, Predicate<SliceRole> roles) {
        PlanIndices indices = new PlanIndices();
        for (GroupPlan g : plan) {
            List<Integer> removed = g.removed();
            for (ParamSlice s : g.group().params()) {
                if (roles.test(s.role())) {
                    SortedSet<Long> set = indices.params.computeIfAbsent(new ParamAxis(s.layer(), s.param(), s.axis()),
                            k -> new TreeSet<>());
                    removed.forEach(c -> addBlock(set, s.offset() + c * s.block(), s.block()));
                }
            }
            for (ActivationSlice a : g.group().activations()) {
                indices.activations.merge(a.node(), removed.size() * a.block(), Long::sum);
            }
        }
        return indices;
    }

    private static void addBlock(SortedSet<Long> set, long from, long length) {
        for (long i = from; i < from + length; i++) {
            set.add(i);
        }
    }

    /** Axis → removed indices of one parameter, axes ascending; empty when the parameter is untouched. */
    SortedMap<Integer, SortedSet<Long>> removed(String layer, String param) {
        SortedMap<Integer, SortedSet<Long>> byAxis = new TreeMap<>();
        params.forEach((k, v) -> {
            if (k.layer().equals(layer) && k.param().equals(param) && !v.isEmpty()) {
                byAxis.put(k.axis(), v);
            }
        });
        return byAxis;
    }

    /** How many indices leave the first axis of the node's per-example output. */
    long removedChannels(String node) {
        return activations.getOrDefault(node, 0L);
    }

    /** The parameter without its removed indices (every affected axis shortened). */
    ParamValues shrunk(String layer, String param, ParamValues values) {
        ParamValues out = values;
        for (Map.Entry<Integer, SortedSet<Long>> e : removed(layer, param).entrySet()) {
            out = out.without(e.getKey(), e.getValue());
        }
        return out;
    }

    /** The parameter with its removed indices set to zero, same shape. */
    ParamValues masked(String layer, String param, ParamValues values) {
        ParamValues out = values;
        for (Map.Entry<Integer, SortedSet<Long>> e : removed(layer, param).entrySet()) {
            out = out.zeroed(e.getKey(), e.getValue());
        }
        return out;
    }

    long[] shapeAfter(String layer, String param, long[] shape) {
        long[] out = shape.clone();
        removed(layer, param).forEach((axis, set) -> out[axis] -= set.size());
        return out;
    }
}
