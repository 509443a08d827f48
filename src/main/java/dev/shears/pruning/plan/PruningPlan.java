package dev.shears.pruning.plan;

import dev.shears.pruning.surgery.MaskApplier;
import dev.shears.pruning.surgery.Surgeon;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What pruning will do, computed without touching the network: the kept channels of every group
 * (unprunable groups keep all), and the cost before and after. The UI previews it, a recipe
 * replays it, {@link MaskApplier} and {@link Surgeon} execute it.
 *
 * @param skipped prunable groups kept whole on purpose (criterion not applicable, ignored by the
 *                recipe): group name → reason, in graph order
 */
public record PruningPlan(List<GroupPlan> groups, Map<String, String> skipped, NetworkCost before,
                          NetworkCost after) implements Plan {
    public PruningPlan {
        groups = List.copyOf(groups);
        skipped = Collections.unmodifiableMap(new LinkedHashMap<>(skipped));
    }

    public Optional<GroupPlan> group(String name) {
        return groups.stream().filter(g -> g.group().name().equals(name)).findFirst();
    }

    /** Kept fraction of all group channels. Parameters shrink faster: a conv loses inputs and outputs. */
    public double keptChannelRatio() {
        long total = groups.stream().mapToLong(g -> g.group().channels()).sum();
        long kept = groups.stream().mapToLong(g -> g.kept().size()).sum();
        return total == 0 ? 1 : (double) kept / total;
    }

    public double keptParamRatio() {
        return before.params() == 0 ? 1 : (double) after.params() / before.params();
    }

    public double keptMacRatio() {
        return before.macs() == 0 ? 1 : (double) after.macs() / before.macs();
    }
}
