package dev.shears.analysis;

import dev.shears.model.ChannelGroup;
import dev.shears.model.ChannelGroups;
import dev.shears.model.ParamSlice;
import dev.shears.model.SliceRole;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which layers go together with a layer when channels are pruned, and why, in words — what the
 * pruning panel shows when a layer is selected and the tree highlights.
 *
 * @param coupled the other layers sharing a channel group with it
 * @param text    one sentence per group, the group the layer computes first
 */
public record Coupling(Set<String> coupled, String text) {
    public static final Coupling NONE = new Coupling(Set.of(), "");

    public Coupling {
        coupled = Set.copyOf(coupled);
    }

    public static Coupling of(ChannelGroups groups, String layer) {
        Set<String> names = new LinkedHashSet<>();
        List<String> reasons = new ArrayList<>();
        for (ChannelGroup g : groups.groups()) {
            boolean touches = g.params().stream().anyMatch(s -> s.layer().equals(layer))
                    || g.activations().stream().anyMatch(a -> a.node().equals(layer));
            if (!touches) {
                continue;
            }
            g.params().forEach(s -> names.add(s.layer()));
            g.activations().forEach(a -> names.add(a.node()));
            // the group the layer computes first: that is what its own ratio removes
            if (g.producers().contains(layer)) {
                reasons.add(0, explain(g));
            } else {
                reasons.add(explain(g));
            }
        }
        names.remove(layer);
        return new Coupling(names, reasons.isEmpty() ? layer + " is in no channel group: pruning never changes it."
                : String.join("\n", reasons));
    }

    /** Why the layers of a group go together, in words. */
    public static String explain(ChannelGroup g) {
        List<String> producers = g.producers();
        List<String> consumers = g.consumers();
        List<String> normalisers = g.params().stream().filter(s -> s.role() != SliceRole.OUTPUT
                        && s.role() != SliceRole.INPUT).map(ParamSlice::layer).distinct().toList();
        StringBuilder b = new StringBuilder();
        b.append(g.channels()).append(" channels of ").append(String.join(" + ", producers));
        if (producers.size() > 1) {
            b.append(" (added together, so they must keep the same channels)");
        }
        if (!normalisers.isEmpty()) {
            b.append("; carried per channel by ").append(String.join(", ", normalisers));
        }
        if (!consumers.isEmpty()) {
            b.append("; read by ").append(String.join(", ", consumers));
            if (g.params().stream().anyMatch(s -> s.role() == SliceRole.INPUT && s.width() > 1)) {
                b.append(" (after a flatten: one channel = a block of inputs)");
            }
        }
        if (!g.prunable()) {
            b.append(" — not prunable: ").append(g.blockers().get(0));
        }
        return b.append('.').toString();
    }
}
