package dev.shears.analysis.heatmap;

import java.util.Optional;

/**
 * A rendered heatmap: exactly {@code width × height} opaque ARGB pixels, row-major, ready for a
 * PixelWriter. The array is a fresh one the caller owns.
 */
public record HeatmapImage(int width, int height, int[] argb, ColorLegend legend,
                           Optional<ThresholdSummary> threshold) {
    public HeatmapImage {
        if (argb.length != width * height) {
            throw new IllegalArgumentException("expected " + width * height + " pixels, got " + argb.length);
        }
    }
}
