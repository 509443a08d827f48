package dev.shears.pruning.planning;

import dev.shears.pruning.Amount;
import dev.shears.pruning.Scope;
import dev.shears.pruning.criteria.Criterion;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What structured pruning removes. Every prunable channel group follows {@code defaults} unless it
 * has its own rule (by group name) or is ignored. With {@link Scope#PER_LAYER} each group loses its
 * own share; with {@link Scope#GLOBAL} all default-ruled groups are ranked together on normalised
 * scores (see {@link Planner}), while groups with their own rule are still pruned on their own.
 * {@code maxGroupRatio} caps the share of any one pooled group the global ranking removes (1: no cap).
 */
public record StructuredSettings(Scope scope, GroupRule defaults, Map<String, GroupRule> groupRules,
                                 Set<String> ignored, double maxGroupRatio) {
    public StructuredSettings {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(defaults, "defaults");
        groupRules = Map.copyOf(groupRules);
        ignored = Set.copyOf(ignored);
        if (!(maxGroupRatio > 0 && maxGroupRatio <= 1)) {
            throw new IllegalArgumentException("maxGroupRatio must be in (0, 1], got " + maxGroupRatio);
        }
    }

    /** Without a cap on the global ranking. */
    public StructuredSettings(Scope scope, GroupRule defaults, Map<String, GroupRule> groupRules, Set<String> ignored) {
        this(scope, defaults, groupRules, ignored, 1.0);
    }

    /**
     * The fewest channels a pooled group of {@code channels} keeps under the global ranking: its
     * {@code minKeep}, and no fewer than the cap leaves (at most ⌊cap·n⌋ removed).
     */
    public int pooledFloor(int channels) {
        long capRemovable = Planner.removedCount(channels, maxGroupRatio);
        return (int) Math.min(channels, Math.max(defaults.minKeep(), channels - capRemovable));
    }

    public StructuredSettings withMaxGroupRatio(double cap) {
        return new StructuredSettings(scope, defaults, groupRules, ignored, cap);
    }

    /** Every group loses the same share. */
    public static StructuredSettings perGroup(Criterion criterion, Amount amount) {
        return new StructuredSettings(Scope.PER_LAYER, GroupRule.of(criterion, amount), Map.of(), Set.of());
    }

    /** One ranking over all groups. */
    public static StructuredSettings global(Criterion criterion, Amount amount) {
        return new StructuredSettings(Scope.GLOBAL, GroupRule.of(criterion, amount), Map.of(), Set.of());
    }

    public StructuredSettings withDefaults(GroupRule rule) {
        return new StructuredSettings(scope, rule, groupRules, ignored, maxGroupRatio);
    }

    public StructuredSettings withGroupRule(String group, GroupRule rule) {
        Map<String, GroupRule> rules = new LinkedHashMap<>(groupRules);
        rules.put(group, rule);
        return new StructuredSettings(scope, defaults, rules, ignored, maxGroupRatio);
    }

    public StructuredSettings withIgnored(Set<String> groups) {
        return new StructuredSettings(scope, defaults, groupRules, groups, maxGroupRatio);
    }
}
