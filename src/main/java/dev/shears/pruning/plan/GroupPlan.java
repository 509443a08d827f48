package dev.shears.pruning.plan;

import dev.shears.model.ChannelGroup;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/** The channels of one group that stay, in ascending order. */
public record GroupPlan(ChannelGroup group, List<Integer> kept) {
    public GroupPlan {
        kept = List.copyOf(kept);
        for (int i = 0; i < kept.size(); i++) {
            int c = kept.get(i);
            if (c < 0 || c >= group.channels() || (i > 0 && kept.get(i - 1) >= c)) {
                throw new IllegalArgumentException("kept channels of " + group.name()
                        + " must be ascending and within 0.." + (group.channels() - 1) + ": " + kept);
            }
        }
        if (kept.isEmpty()) {
            throw new IllegalArgumentException("a plan never empties group " + group.name());
        }
    }

    public List<Integer> removed() {
        Set<Integer> keptSet = Set.copyOf(kept);
        return IntStream.range(0, group.channels()).filter(c -> !keptSet.contains(c)).boxed().toList();
    }

    public int removedCount() {
        return group.channels() - kept.size();
    }
}
