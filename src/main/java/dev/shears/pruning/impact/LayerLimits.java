package dev.shears.pruning.impact;

import dev.shears.model.ChannelGroup;
import dev.shears.model.ChannelGroups;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the pruning panel says about layers a structured plan hits hard: the groups that lost all the
 * per-layer cap allows (the global ranking wanted more of them), and the groups left nearly empty — a
 * layer reduced to a channel or two is where accuracy collapses, whatever the totals look like.
 */
public final class LayerLimits {
    /** A group keeping less than this share of its channels (or one channel of several) is "nearly emptied". */
    public static final double NEARLY_EMPTY = 0.10;

    private LayerLimits() {
    }

    /** One group's outcome: its name (its first producing layer), channels before and kept. */
    public record Limited(String layer, int channels, int kept) {
        @Override
        public String toString() {
            return layer + " keeps " + kept + " of " + channels;
        }
    }

    /** Groups at the cap: removed exactly ⌊cap·n⌋ of n channels, with a cap below 1. */
    public static List<Limited> atCap(ChannelGroups groups, int[] removedPerGroup, double cap) {
        List<Limited> out = new ArrayList<>();
        if (cap >= 1) {
            return out;
        }
        for (ChannelGroup g : groups.groups()) {
            int n = g.channels();
            int removed = removedPerGroup[g.id()];
            long capRemovable = (long) Math.floor(cap * n + 1e-9);
            if (g.prunable() && removed > 0 && removed == capRemovable) {
                out.add(limited(g, removed));
            }
        }
        return out;
    }

    /** Groups keeping under {@link #NEARLY_EMPTY} of their channels, or a single channel of several. */
    public static List<Limited> nearlyEmptied(ChannelGroups groups, int[] removedPerGroup) {
        List<Limited> out = new ArrayList<>();
        for (ChannelGroup g : groups.groups()) {
            int n = g.channels();
            int kept = n - removedPerGroup[g.id()];
            if (removedPerGroup[g.id()] > 0 && (kept < NEARLY_EMPTY * n || (kept == 1 && n > 1))) {
                out.add(limited(g, removedPerGroup[g.id()]));
            }
        }
        return out;
    }

    /**
     * The panel's sentence, or empty: "conv2 and dense1 are at the cap (80 % of a layer's channels)." and
     * "Nearly emptied: conv2 keeps 1 of 50 — its accuracy will collapse; lower the share or set a cap."
     */
    public static Optional<String> sentence(ChannelGroups groups, int[] removedPerGroup, double cap) {
        List<Limited> capped = atCap(groups, removedPerGroup, cap);
        List<Limited> empty = nearlyEmptied(groups, removedPerGroup);
        List<String> parts = new ArrayList<>();
        if (!capped.isEmpty()) {
            List<String> names = capped.stream().map(Limited::layer).toList();
            parts.add(String.format("%s %s at the cap (at most %.0f %% of a layer's channels go): the ranking"
                    + " takes the rest from other layers.", join(names), names.size() == 1 ? "is" : "are",
                    100 * cap));
        }
        if (!empty.isEmpty()) {
            parts.add("Nearly emptied: " + join(empty.stream().map(Limited::toString).toList())
                    + (cap >= 1 ? " — accuracy usually collapses there; set a per-layer cap or lower the share."
                    : " — accuracy usually collapses there; lower the share."));
        }
        return parts.isEmpty() ? Optional.empty() : Optional.of(String.join(" ", parts));
    }

    private static Limited limited(ChannelGroup g, int removed) {
        String name = g.producers().isEmpty() ? g.name() : g.producers().get(0);
        return new Limited(name, g.channels(), g.channels() - removed);
    }

    private static String join(List<String> names) {
        if (names.size() <= 1) {
            return String.join("", names);
        }
        int shown = Math.min(names.size(), 4);
        String head = String.join(", ", names.subList(0, shown - 1));
        String last = names.size() > shown ? names.get(shown - 1) + " and " + (names.size() - shown) + " more"
                : names.get(shown - 1);
        return head + " and " + last;
    }
}
