package dev.shears.analysis;

import java.util.Locale;

/**
 * What the 3D surface's hover says: the weight a cell stands for — the one with the largest |w| in
 * the cell's block (the first of equals, as {@link SurfaceGrid#maxAbs} picks it), so the height under
 * the pointer is that weight's value — named in the tensor's own indices.
 *
 * @param dims the tensor's shape: conv W [out, in, kh, kw] (matrix rows = filters, columns = in·kh·kw)
 *             or dense W [nIn, nOut] (rows = inputs, columns = output neurons)
 */
public record SurfaceReadout(FloatValues matrix, SurfaceGrid grid, long[] dims) {
    public SurfaceReadout {
        if ((long) grid.matrixRows() * grid.matrixCols() != matrix.size()) {
            throw new IllegalArgumentException("the grid is of a " + grid.matrixRows() + " x " + grid.matrixCols()
                    + " matrix, not of " + matrix.size() + " values");
        }
    }

    /** One weight: its matrix position, value and how many weights the cell stands for. */
    public record Weight(int matrixRow, int matrixCol, float value, int blockSize, String name) {
        public String describe() {
            String block = blockSize > 1 ? String.format(Locale.ROOT, "  (largest |w| of the %d weights this cell "
                    + "stands for)", blockSize) : "";
            return name + " = " + String.format(Locale.ROOT, "%.4g", value) + block;
        }
    }

    /** The weight shown by grid cell (row, col). */
    public Weight weightAt(int row, int col) {
        int r0 = grid.blockRowStart(row);
        int r1 = grid.blockRowEnd(row);
        int c0 = grid.blockColStart(col);
        int c1 = grid.blockColEnd(col);
        int bestRow = r0;
        int bestCol = c0;
        float best = 0;
        int cols = grid.matrixCols();
        for (int i = r0; i < r1; i++) {
            for (int j = c0; j < c1; j++) {
                float v = matrix.get(i * cols + j);
                if (Math.abs(v) > Math.abs(best)) {
                    best = v;
                    bestRow = i;
                    bestCol = j;
                }
            }
        }
        float value = matrix.get(bestRow * cols + bestCol);
        return new Weight(bestRow, bestCol, value, (r1 - r0) * (c1 - c0), name(bestRow, bestCol));
    }

    /** The weight under a point of the surface given by its texture coordinates. */
    public Weight weightAtTexCoord(double u, double v) {
        int[] cell = grid.cellAtTexCoord(u, v);
        return weightAt(cell[0], cell[1]);
    }

    /** The same words as the heatmap's hover: W[out, in, y, x] for conv, W[in, out] for dense. */
    private String name(int matrixRow, int matrixCol) {
        if (dims.length == 4) {
            int kh = (int) dims[2];
            int kw = (int) dims[3];
            return String.format(Locale.ROOT, "W[out %d, in %d, y %d, x %d]", matrixRow, matrixCol / (kh * kw),
                    matrixCol % (kh * kw) / kw, matrixCol % kw);
        }
        if (dims.length == 2) {
            return String.format(Locale.ROOT, "W[in %d, out %d]", matrixRow, matrixCol);
        }
        return String.format(Locale.ROOT, "W[%d]", (long) matrixRow * grid.matrixCols() + matrixCol);
    }
}
