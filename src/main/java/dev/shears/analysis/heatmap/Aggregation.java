package dev.shears.analysis.heatmap;

/** How the cells of one pixel block become one value; every cell counts, nothing is sampled. */
public enum Aggregation {
    /** The value with the largest |w| in the block, sign kept (a tie between +a and −a shows +a). */
    MAX_ABS,
    /** The mean of the block's values (of their magnitudes in {@link ValueMode#MAGNITUDE}). */
    MEAN
}
