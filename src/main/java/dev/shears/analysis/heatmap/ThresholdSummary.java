package dev.shears.analysis.heatmap;

/**
 * The numbers behind the mask overlay of a magnitude threshold (pruned ⇔ |w| &lt; threshold).
 *
 * @param tensor       exact counts over the whole tensor
 * @param visible      exact counts over the cells the view shows
 * @param exactShading whether each pixel's grey share is exact; false only for a whole view of a
 *                     big tensor, where it is estimated from per-block histograms
 */
public record ThresholdSummary(double threshold, PruneCounts tensor, PruneCounts visible, boolean exactShading) {
}
