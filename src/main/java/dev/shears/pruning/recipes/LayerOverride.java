package dev.shears.pruning.recipes;

import dev.shears.pruning.Amount;
import dev.shears.pruning.CriterionName;
import java.util.Optional;

/**
 * A recipe's entry for one layer: only the fields it sets; the rest come from the recipe's
 * defaults. For structured pruning the layer selects the channel group it produces.
 */
public record LayerOverride(Optional<CriterionName> criterion, Optional<Amount> amount, Optional<Integer> minKeep,
                            Optional<Integer> roundTo) {
}
