package dev.shears.analysis.heatmap;

/** Exact numbers of weights kept (|w| ≥ t) and pruned (|w| < t); NaN weights are in neither. */
public record PruneCounts(long kept, long pruned) {
    public PruneCounts {
        if (kept < 0 || pruned < 0) {
            throw new IllegalArgumentException("negative count");
        }
    }

    public long total() {
        return kept + pruned;
    }

    /** Pruned share in [0, 1]; 0 when there is nothing to count. */
    public double prunedFraction() {
        return total() == 0 ? 0 : (double) pruned / total();
    }
}
