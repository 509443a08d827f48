package dev.shears.analysis.heatmap;

import dev.shears.analysis.FloatValues;

/**
 * A tensor laid out as a 2-D grid of logical cells for the heatmap. Some whole rows or columns may
 * be gaps (the spacing of a mosaic): they hold no value and are drawn as background.
 */
public interface HeatmapSource {
    int rows();

    int columns();

    /**
     * Every value of the tensor, each shown in exactly one non-gap cell, read where they lie (an
     * array or the network's own buffer): not a copy.
     */
    FloatValues values();

    boolean isGapRow(int row);

    boolean isGapColumn(int column);

    /** The value shown in a non-gap cell, e.g. for a tooltip. */
    float valueAt(int row, int column);

    /**
     * Cells {@code [fromColumn, toColumn)} of a non-gap row, as a slice of the backing array when the
     * values are one (no copy), else read into {@code scratch} (at least {@code toColumn - fromColumn}
     * long). Gap cells read as NaN.
     */
    RowSlice row(int row, int fromColumn, int toColumn, float[] scratch);

    /** {@code length} values starting at {@code array[offset]}; the length is the caller's. */
    record RowSlice(float[] array, int offset) {
    }
}
