package dev.shears.analysis.heatmap;

import java.util.List;

/**
 * What the UI needs to draw the legend: the value range, a gradient (stops from the lowest value
 * at offset 0 to the highest at 1), labelled ticks, and the colours that are not on the scale.
 */
public record ColorLegend(ValueMode mode, ColorScaling scaling, double rangeMax, List<ColorStop> gradient,
                          List<Tick> ticks, int prunedArgb, int nanArgb, int backgroundArgb) {
    public ColorLegend {
        gradient = List.copyOf(gradient);
        ticks = List.copyOf(ticks);
    }

    public double minValue() {
        return mode == ValueMode.SIGNED ? -rangeMax : 0;
    }

    public double maxValue() {
        return rangeMax;
    }

    /** A colour at an offset in [0, 1] along the legend bar. */
    public record ColorStop(double offset, int argb) {
    }

    /** A labelled value at an offset in [0, 1] along the legend bar. */
    public record Tick(double offset, double value) {
    }
}
