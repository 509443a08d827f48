package dev.shears.pruning.planning;

import dev.shears.pruning.Amount;
import dev.shears.pruning.Scope;
import dev.shears.pruning.criteria.ElementCriterion;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What unstructured pruning zeroes. Every weight tensor (W, pW, dW; biases and BatchNorm vectors
 * are too few to matter and not magnitude-comparable) follows {@code defaults}, except layers with
 * their own rule and ignored layers. With {@link Scope#GLOBAL} all default-ruled tensors share one
 * ranking (one magnitude threshold over all of them, Han et al.); layers with their own rule are
 * pruned on their own.
 *
 * @param layerRules layer name → rule for all weight tensors of that layer
 * @param ignored    layer names left untouched
 */
public record UnstructuredSettings(Scope scope, ElementRule defaults, Map<String, ElementRule> layerRules,
                                   Set<String> ignored) {
    public UnstructuredSettings {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(defaults, "defaults");
        layerRules = Map.copyOf(layerRules);
        ignored = Set.copyOf(ignored);
    }

    /** The same rule for every layer, no overrides. */
    public static UnstructuredSettings of(Scope scope, ElementCriterion criterion, Amount amount) {
        return new UnstructuredSettings(scope, new ElementRule(criterion, amount), Map.of(), Set.of());
    }
}
