package dev.shears.pruning;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A pruning recipe: what the user asked for, independent of any one network until it is resolved
 * against one ({@link SpecResolver}). Read and validated from versioned JSON by
 * {@link PruningSpecJson}, the one entry point for users (the CLI's flags become the same JSON).
 *
 * @param criterion default criterion of every layer
 * @param amount    default ratio or threshold of every layer (ratio in [0, 1))
 * @param minKeep   structured only: channels every group keeps at least
 * @param roundTo   structured only: kept channel counts are rounded up to a multiple of it
 * @param seed      for the random criterion
 * @param ignore    layer names left untouched
 * @param layers    layer name → override, in recipe order
 */
public record PruningSpec(int version, PruningMode mode, Scope scope, CriterionName criterion, Amount amount,
                          int minKeep, int roundTo, long seed, List<String> ignore,
                          Map<String, LayerOverride> layers) {
    public static final int CURRENT_VERSION = 1;
    public static final long DEFAULT_SEED = 42;

    public PruningSpec {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(criterion, "criterion");
        Objects.requireNonNull(amount, "amount");
        ignore = List.copyOf(ignore);
        layers = Collections.unmodifiableMap(new LinkedHashMap<>(layers));
    }
}
