package dev.shears.export;

import dev.shears.analysis.Histogram;

/**
 * One weight tensor's values before and after pruning on the same bins. Exact zeros are counted but
 * not binned: after unstructured pruning they would flatten every other bar into the axis.
 */
public record LayerHistogram(String layer, String tensor, long countBefore, long zerosBefore, long countAfter,
                             long zerosAfter, Histogram before, Histogram after) {
}
