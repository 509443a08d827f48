package dev.shears.analysis.heatmap;

/** Position of one conv weight W[out, in, y, x]. */
public record KernelIndex(int out, int in, int y, int x) {
}
