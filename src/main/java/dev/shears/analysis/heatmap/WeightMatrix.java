package dev.shears.analysis.heatmap;

import dev.shears.analysis.FloatValues;

/**
 * A row-major 2-D view over values (no copy): an array, or the network's own buffer read through
 * {@link FloatValues} in row-major order whatever order it keeps. For a DL4J dense layer, W is
 * [nIn, nOut]: rows are the inputs and columns the output units, so the heatmap reads nIn × nOut.
 */
public record WeightMatrix(FloatValues values, int rows, int columns) implements HeatmapSource {
    public WeightMatrix {
        if (rows < 1 || columns < 1 || values.size() != (long) rows * columns) {
            throw new IllegalArgumentException(
                    "a " + rows + " × " + columns + " matrix needs " + (long) rows * columns
                            + " values, got " + values.size());
        }
    }

    public WeightMatrix(float[] values, int rows, int columns) {
        this(FloatValues.of(values), rows, columns);
    }

    /** DL4J dense W [nIn, nOut], row-major. */
    public static WeightMatrix ofDense(FloatValues w, int nIn, int nOut) {
        return new WeightMatrix(w, nIn, nOut);
    }

    /** DL4J dense W [nIn, nOut] in C order. */
    public static WeightMatrix ofDense(float[] w, int nIn, int nOut) {
        return new WeightMatrix(w, nIn, nOut);
    }

    @Override
    public boolean isGapRow(int row) {
        return false;
    }

    @Override
    public boolean isGapColumn(int column) {
        return false;
    }

    @Override
    public float valueAt(int row, int column) {
        return values.get(row * columns + column);
    }

    @Override
    public RowSlice row(int row, int fromColumn, int toColumn, float[] scratch) {
        int from = row * columns + fromColumn;
        float[] array = values.array().orElse(null);
        if (array != null) {
            return new RowSlice(array, from);
        }
        values.read(from, scratch, 0, toColumn - fromColumn);
        return new RowSlice(scratch, 0);
    }
}
