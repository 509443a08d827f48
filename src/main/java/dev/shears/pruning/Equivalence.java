package dev.shears.pruning;

/** How far two networks' outputs are apart on the same examples: the largest absolute difference. */
public record Equivalence(int examples, double maxAbsDifference) {
}
