package dev.shears.analysis.heatmap;

/**
 * A row-major 2-D view over a {@code float[]} (no copy). For a DL4J dense layer, W is [nIn, nOut]:
 * rows are the inputs and columns the output units, so the heatmap reads nIn × nOut. DL4J keeps a
 * dense W in 'f' order; take {@code getParam("W").dup('c')} before reading its floats.
 */
public record WeightMatrix(float[] values, int rows, int columns) implements HeatmapSource {
    public WeightMatrix {
        if (rows < 1 || columns < 1 || values.length != (long) rows * columns) {
            throw new IllegalArgumentException(
                    "a " + rows + " × " + columns + " matrix needs " + (long) rows * columns
                            + " values, got " + values.length);
        }
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
        return values[row * columns + column];
    }

    @Override
    public RowSlice row(int row, int fromColumn, int toColumn, float[] scratch) {
        return new RowSlice(values, row * columns + fromColumn);
    }
}
