package dev.shears.pruning.planning;

import dev.shears.pruning.Amount;
import dev.shears.pruning.criteria.ElementCriterion;
import java.util.Objects;

/** Unstructured pruning of one layer's weights: how to score them and how many to zero. */
public record ElementRule(ElementCriterion criterion, Amount amount) {
    public ElementRule {
        Objects.requireNonNull(criterion, "criterion");
        Objects.requireNonNull(amount, "amount");
    }
}
