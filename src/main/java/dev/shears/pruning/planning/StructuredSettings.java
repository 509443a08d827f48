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
 */
public record StructuredSettings(Scope scope, GroupRule defaults, Map<String, GroupRule> groupRules,
                                 Set<String> ignored) {
    public StructuredSettings {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(defaults, "defaults");
        groupRules = Map.copyOf(groupRules);
        ignored = Set.copyOf(ignored);
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
        return new StructuredSettings(scope, rule, groupRules, ignored);
    }

    public StructuredSettings withGroupRule(String group, GroupRule rule) {
        Map<String, GroupRule> rules = new LinkedHashMap<>(groupRules);
        rules.put(group, rule);
        return new StructuredSettings(scope, defaults, rules, ignored);
    }

    public StructuredSettings withIgnored(Set<String> groups) {
        return new StructuredSettings(scope, defaults, groupRules, groups);
    }
}
