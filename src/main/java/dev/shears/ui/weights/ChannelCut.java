package dev.shears.ui.weights;

import dev.shears.model.ParamSlice;
import dev.shears.pruning.plan.GroupPlan;
import dev.shears.pruning.plan.PruningPlan;
import java.util.BitSet;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a structured pruning plan removes from one weight tensor, per axis: e.g. conv W's axis 0
 * (filters) and axis 1 (input channels), dense W's axis 1 (neurons) and axis 0 (inputs, a block of
 * H·W per channel behind a flatten). The heatmap greys these rows and columns.
 *
 * @param removed axis → removed indices along it (already expanded by the slice's block)
 */
public record ChannelCut(String layer, String param, Map<Integer, BitSet> removed) {
    public static ChannelCut of(PruningPlan plan, String layer, String param) {
        Map<Integer, BitSet> removed = new TreeMap<>();
        for (GroupPlan g : plan.groups()) {
            if (g.removed().isEmpty()) {
                continue;
            }
            for (ParamSlice s : g.group().params()) {
                if (!s.layer().equals(layer) || !s.param().equals(param)) {
                    continue;
                }
                BitSet bits = removed.computeIfAbsent(s.axis(), a -> new BitSet());
                for (int c : g.removed()) {
                    for (long r = 0; r < s.repeats(); r++) {
                        long from = s.start(c, r);
                        bits.set((int) from, (int) (from + s.block()));
                    }
                }
            }
        }
        return new ChannelCut(layer, param, removed);
    }

    public BitSet along(int axis) {
        return removed.getOrDefault(axis, new BitSet());
    }

    public boolean isEmpty() {
        return removed.values().stream().allMatch(BitSet::isEmpty);
    }
}
