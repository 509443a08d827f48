package dev.shears.analysis.heatmap;

/** How a value maps onto the colour range [−max, max] (or [0, max] for magnitudes). */
public enum ColorScaling {
    LINEAR,
    /**
     * sign·log1p(|v|/s) / log1p(max/s) with s = max/1000: three decades below the maximum stay
     * distinguishable, where a linear scale shows small weights all as white.
     */
    LOG
}
