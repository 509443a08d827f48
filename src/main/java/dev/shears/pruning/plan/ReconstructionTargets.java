package dev.shears.pruning.plan;

import dev.shears.model.ParamSlice;
import dev.shears.model.SliceRole;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * What a reconstruction needs to know of a plan: which output channels of each layer's weights left (a refitted
 * layer's targets are the unpruned layer's outputs at the channels that stay).
 *
 * @param removedOutputs layer → indices removed from the output axis of its weights "W"
 */
public record ReconstructionTargets(Map<String, SortedSet<Long>> removedOutputs) {
    public ReconstructionTargets {
        Map<String, SortedSet<Long>> copy = new LinkedHashMap<>();
        removedOutputs.forEach((layer, removed) -> copy.put(layer, Collections.unmodifiableSortedSet(
                new TreeSet<>(removed))));
        removedOutputs = Collections.unmodifiableMap(copy);
    }

    public static ReconstructionTargets of(PruningPlan plan) {
        Map<String, SortedSet<Long>> removedOutputs = new LinkedHashMap<>();
        for (GroupPlan g : plan.groups()) {
            if (g.removedCount() == 0) {
                continue;
            }
            for (ParamSlice s : g.group().params()) {
                if (s.param().equals("W") && s.role() == SliceRole.OUTPUT) {
                    SortedSet<Long> removed = removedOutputs.computeIfAbsent(s.layer(), k -> new TreeSet<>());
                    for (int c : g.removed()) {
                        for (long r = 0; r < s.repeats(); r++) {
                            for (long i = 0; i < s.block(); i++) {
                                removed.add(s.start(c, r) + i);
                            }
                        }
                    }
                }
            }
        }
        return new ReconstructionTargets(removedOutputs);
    }

    /** The output indices removed from the layer's weights (empty when none). */
    public SortedSet<Long> removedOutputs(String layer) {
        return removedOutputs.getOrDefault(layer, Collections.emptySortedSet());
    }

    /** The same targets with layers named as in another form of the network (a conversion's names). */
    public ReconstructionTargets renamed(Function<String, String> rename) {
        Map<String, SortedSet<Long>> outputs = new LinkedHashMap<>();
        removedOutputs.forEach((layer, removed) -> outputs.put(rename.apply(layer), removed));
        return new ReconstructionTargets(outputs);
    }
}
