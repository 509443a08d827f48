package dev.shears.pruning.impact;

/**
 * What a pruning choice does to a network's size, from {@link ImpactModel}: parameters and MACs
 * before and after, and per parameter tensor (in graph order) its element count, surviving
 * non-zeros and rows (first dimension) after; for structured pruning, channels removed per group
 * (all zero for unstructured).
 */
public record Impact(long paramsBefore, long macsBefore, long paramsAfter, long macsAfter, long[] elements,
                     long[] nonZeros, long[] rows, int[] removedPerGroup) {
    public double paramRatio() {
        return paramsBefore == 0 ? 1 : (double) paramsAfter / paramsBefore;
    }

    public double macRatio() {
        return macsBefore == 0 ? 1 : (double) macsAfter / macsBefore;
    }
}
