package dev.shears.analysis.heatmap;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns values into colours for one scheme, mode, scaling and range; a lookup table keeps it cheap.
 * The heatmap paints with it, and the 3D surface too, so both read with one legend.
 */
public final class ColorMap {
    static final int BACKGROUND_ARGB = 0xFF1E1E1E;
    /** Mid grey: pruned weights are the small ones, drawn near-white, so desaturating them would hide them. */
    static final int PRUNED_ARGB = 0xFF8C8C8C;
    /** Impossible to miss: a NaN weight means a broken tensor. */
    static final int NAN_ARGB = 0xFFFF00FF;
    /** Decades below the range maximum that the log scale keeps apart. */
    private static final double LOG_DECADES = 3;
    private static final int HALF = 512;
    private static final int GRADIENT_STOPS = 33;
    private static final double[] TICK_OFFSETS = {0, 0.25, 0.5, 0.75, 1};

    private final ValueMode mode;
    private final ColorScaling scaling;
    private final double rangeMax;
    private final double logKnee;
    private final double logRange;
    private final int[] table = new int[2 * HALF + 1];

    public ColorMap(ColorScheme scheme, ValueMode mode, ColorScaling scaling, double rangeMax) {
        if (!(rangeMax > 0) || !Double.isFinite(rangeMax)) {
            throw new IllegalArgumentException("range must be positive and finite: " + rangeMax);
        }
        this.mode = mode;
        this.scaling = scaling;
        this.rangeMax = rangeMax;
        this.logKnee = rangeMax / Math.pow(10, LOG_DECADES);
        this.logRange = Math.log1p(rangeMax / logKnee);
        for (int i = 0; i < table.length; i++) {
            table[i] = scheme.argb((double) (i - HALF) / HALF);
        }
    }

    /** Position on the scale: [−1, 1] for signed values, [0, 1] for magnitudes; clamped. */
    double position(double value) {
        double v = mode == ValueMode.MAGNITUDE ? Math.abs(value) : value;
        double p = scaling == ColorScaling.LINEAR
                ? v / rangeMax
                : Math.signum(v) * Math.log1p(Math.abs(v) / logKnee) / logRange;
        return Math.max(-1, Math.min(1, p));
    }

    /** The value at a position on the scale (the inverse of {@link #position} within the range). */
    double valueAt(double position) {
        return scaling == ColorScaling.LINEAR
                ? position * rangeMax
                : Math.signum(position) * logKnee * Math.expm1(Math.abs(position) * logRange);
    }

    public int argb(float value) {
        if (Float.isNaN(value)) {
            return NAN_ARGB;
        }
        return table[HALF + (int) Math.rint(position(value) * HALF)];
    }

    /** One colour per pixel; empty blocks get the background. */
    int[] paint(BlockValues values, PixelBlocks blocks) {
        int width = blocks.width();
        int[] argb = new int[width * blocks.height()];
        for (int py = 0; py < blocks.height(); py++) {
            for (int px = 0; px < width; px++) {
                int p = py * width + px;
                argb[p] = blocks.isEmpty(py, px) ? BACKGROUND_ARGB : argb(values.value(p));
            }
        }
        return argb;
    }

    public ColorLegend legend() {
        List<ColorLegend.ColorStop> gradient = new ArrayList<>();
        for (int i = 0; i < GRADIENT_STOPS; i++) {
            double offset = (double) i / (GRADIENT_STOPS - 1);
            gradient.add(new ColorLegend.ColorStop(offset, table[HALF + (int) Math.rint(positionOf(offset) * HALF)]));
        }
        List<ColorLegend.Tick> ticks = new ArrayList<>();
        for (double offset : TICK_OFFSETS) {
            ticks.add(new ColorLegend.Tick(offset, valueAt(positionOf(offset))));
        }
        return new ColorLegend(mode, scaling, rangeMax, gradient, ticks, PRUNED_ARGB, NAN_ARGB, BACKGROUND_ARGB);
    }

    /** Legend bars run from the lowest value (offset 0) to the highest (offset 1). */
    private double positionOf(double offset) {
        return mode == ValueMode.SIGNED ? 2 * offset - 1 : offset;
    }
}
