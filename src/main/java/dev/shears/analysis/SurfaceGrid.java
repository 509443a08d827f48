package dev.shears.analysis;

/**
 * A weight matrix reduced to at most maxRows × maxCols cells for a 3D surface, by exact block
 * aggregation: each cell holds the value with the largest magnitude in its block (sign kept), so a
 * single large weight is never averaged away and "every weight of this block is below t" is exactly
 * "|cell| &lt; t".
 *
 * @param rows       cells along the first axis
 * @param cols       cells along the second axis
 * @param values     row-major, rows × cols
 * @param matrixRows rows of the matrix the cells aggregate
 * @param matrixCols columns of the matrix the cells aggregate
 */
public record SurfaceGrid(int rows, int cols, float[] values, int matrixRows, int matrixCols) {
    public static SurfaceGrid maxAbs(float[] matrix, int matrixRows, int matrixCols, int maxRows, int maxCols) {
        return maxAbs(FloatValues.of(matrix), matrixRows, matrixCols, maxRows, maxCols);
    }

    /** The same, reading the matrix row by row where it lies (one row buffer, no copy of the matrix). */
    public static SurfaceGrid maxAbs(FloatValues matrix, int matrixRows, int matrixCols, int maxRows, int maxCols) {
        if ((long) matrixRows * matrixCols != matrix.size()) {
            throw new IllegalArgumentException(matrixRows + " x " + matrixCols + " does not match " + matrix.size()
                    + " values");
        }
        int rows = Math.min(matrixRows, maxRows);
        int cols = Math.min(matrixCols, maxCols);
        float[] out = new float[rows * cols];
        float[] row = new float[matrixCols];
        for (int r = 0; r < rows; r++) {
            int r0 = (int) ((long) r * matrixRows / rows);
            int r1 = (int) ((long) (r + 1) * matrixRows / rows);
            for (int i = r0; i < r1; i++) {
                matrix.read(i * matrixCols, row, 0, matrixCols);
                for (int c = 0; c < cols; c++) {
                    int c0 = (int) ((long) c * matrixCols / cols);
                    int c1 = (int) ((long) (c + 1) * matrixCols / cols);
                    float best = out[r * cols + c];
                    for (int j = c0; j < c1; j++) {
                        float v = row[j];
                        if (Math.abs(v) > Math.abs(best)) {
                            best = v;
                        }
                    }
                    out[r * cols + c] = best;
                }
            }
        }
        return new SurfaceGrid(rows, cols, out, matrixRows, matrixCols);
    }

    public float maxMagnitude() {
        float m = 0;
        for (float v : values) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    public float value(int row, int col) {
        return values[row * cols + col];
    }

    /** First matrix row of grid row {@code row}'s block (inclusive). */
    public int blockRowStart(int row) {
        return (int) ((long) row * matrixRows / rows);
    }

    /** End of grid row {@code row}'s block (exclusive). */
    public int blockRowEnd(int row) {
        return blockRowStart(row + 1);
    }

    /** First matrix column of grid column {@code col}'s block (inclusive). */
    public int blockColStart(int col) {
        return (int) ((long) col * matrixCols / cols);
    }

    /** End of grid column {@code col}'s block (exclusive). */
    public int blockColEnd(int col) {
        return blockColStart(col + 1);
    }

    /**
     * The cell under a point of the surface given by its texture coordinates (u across the columns,
     * v down the rows, each in [0, 1]; vertex (r, c) sits at ((c + ½) / cols, (r + ½) / rows)): the
     * nearest vertex, as {row, col}.
     */
    public int[] cellAtTexCoord(double u, double v) {
        int col = (int) Math.floor(u * cols);
        int row = (int) Math.floor(v * rows);
        return new int[] {Math.max(0, Math.min(rows - 1, row)), Math.max(0, Math.min(cols - 1, col))};
    }
}
