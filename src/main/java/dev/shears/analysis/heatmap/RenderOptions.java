package dev.shears.analysis.heatmap;

import java.util.OptionalDouble;

/**
 * What the user chose for the heatmap.
 *
 * @param rangeMax the |value| mapped to the ends of the colour scale; empty = the largest |value|
 *                 among the pixels of the current view (so MEAN views are not washed out)
 */
public record RenderOptions(Aggregation aggregation, ValueMode valueMode, ColorScaling scaling,
                            ColorScheme scheme, OptionalDouble rangeMax) {
    public RenderOptions {
        if (aggregation == null || valueMode == null || scaling == null || scheme == null || rangeMax == null) {
            throw new IllegalArgumentException("every option needs a value");
        }
        if (rangeMax.isPresent() && !(rangeMax.getAsDouble() > 0 && Double.isFinite(rangeMax.getAsDouble()))) {
            throw new IllegalArgumentException("rangeMax must be positive and finite: " + rangeMax.getAsDouble());
        }
    }

    public static RenderOptions defaults() {
        return new RenderOptions(Aggregation.MAX_ABS, ValueMode.SIGNED, ColorScaling.LINEAR,
                ColorScheme.BLUE_WHITE_RED, OptionalDouble.empty());
    }
}
