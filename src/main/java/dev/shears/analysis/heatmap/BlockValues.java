package dev.shears.analysis.heatmap;

import dev.shears.task.Cancellation;
import java.util.Arrays;

/**
 * One aggregated value per pixel, computed exactly over every cell of the pixel's block in one pass
 * over the visible cells. Rows of a block are first folded column-wise (tight loops the JIT
 * vectorises), then each block's columns are folded once per band.
 */
final class BlockValues {
    /** What is accumulated; MAX_ABS serves both value modes (magnitude is its absolute value). */
    enum Statistic {
        MAX_ABS, SUM, SUM_ABS;

        static Statistic of(Aggregation aggregation, ValueMode mode) {
            if (aggregation == Aggregation.MAX_ABS) {
                return MAX_ABS;
            }
            return mode == ValueMode.SIGNED ? SUM : SUM_ABS;
        }
    }

    private final float[] perPixel;
    private final double maxAbs;

    private BlockValues(float[] perPixel, double maxAbs) {
        this.perPixel = perPixel;
        this.maxAbs = maxAbs;
    }

    /** The block's value: NaN if the block holds a NaN weight; meaningless for empty blocks. */
    float value(int pixel) {
        return perPixel[pixel];
    }

    /** Largest |value| over the non-empty, non-NaN pixels; 0 if there is none. */
    double maxAbs() {
        return maxAbs;
    }

    long estimatedBytes() {
        return 16L + 4L * perPixel.length;
    }

    static BlockValues compute(HeatmapSource source, PixelBlocks blocks, Statistic statistic,
                               Cancellation cancellation) {
        AxisBlocks rows = blocks.rows();
        AxisBlocks columns = blocks.columns();
        int width = blocks.width();
        float[] perPixel = new float[width * blocks.height()];
        int firstColumn = columns.firstCell();
        int visibleColumns = columns.visibleCells();
        if (visibleColumns == 0) {
            return new BlockValues(perPixel, 0);
        }
        boolean[] gapColumn = blocks.gapInVisibleColumns();
        int[] columnSegmentOfPixel = blocks.columnSegmentOfPixel();
        float[] scratch = new float[visibleColumns];
        float[] high = new float[visibleColumns];
        float[] low = new float[visibleColumns];
        double[] sum = new double[visibleColumns];
        float[] segmentValue = new float[columns.segments()];
        for (int rs = 0; rs < rows.segments(); rs++) {
            cancellation.throwIfCancelled();
            if (rows.nonGapCells(rs) == 0) {
                continue;
            }
            Arrays.fill(high, Float.NEGATIVE_INFINITY);
            Arrays.fill(low, Float.POSITIVE_INFINITY);
            Arrays.fill(sum, 0);
            for (int r = rows.start(rs); r < rows.end(rs); r++) {
                if (source.isGapRow(r)) {
                    continue;
                }
                HeatmapSource.RowSlice slice = source.row(r, firstColumn, firstColumn + visibleColumns, scratch);
                switch (statistic) {
                    case MAX_ABS -> foldExtremes(slice.array(), slice.offset(), high, low);
                    case SUM -> foldSum(slice.array(), slice.offset(), sum);
                    case SUM_ABS -> foldAbsSum(slice.array(), slice.offset(), sum);
                }
            }
            for (int cs = 0; cs < columns.segments(); cs++) {
                int cells = rows.nonGapCells(rs) * columns.nonGapCells(cs);
                if (cells == 0) {
                    continue;
                }
                int from = columns.start(cs) - firstColumn;
                int to = columns.end(cs) - firstColumn;
                segmentValue[cs] = statistic == Statistic.MAX_ABS
                        ? signedMaxAbs(high, low, gapColumn, from, to)
                        : (float) (total(sum, gapColumn, from, to) / cells);
            }
            for (int py = rows.firstPixel(rs); py < rows.endPixel(rs); py++) {
                for (int px = 0; px < width; px++) {
                    perPixel[py * width + px] = segmentValue[columnSegmentOfPixel[px]];
                }
            }
        }
        return new BlockValues(perPixel, maxAbsOf(perPixel, blocks));
    }

    private static void foldExtremes(float[] a, int offset, float[] high, float[] low) {
        for (int j = 0; j < high.length; j++) {
            float v = a[offset + j];
            high[j] = Math.max(high[j], v);
            low[j] = Math.min(low[j], v);
        }
    }

    private static void foldSum(float[] a, int offset, double[] sum) {
        for (int j = 0; j < sum.length; j++) {
            sum[j] += a[offset + j];
        }
    }

    private static void foldAbsSum(float[] a, int offset, double[] sum) {
        for (int j = 0; j < sum.length; j++) {
            sum[j] += Math.abs(a[offset + j]);
        }
    }

    /** Math.max/min propagate NaN, so a NaN weight makes its block NaN, as intended. */
    private static float signedMaxAbs(float[] high, float[] low, boolean[] gap, int from, int to) {
        float h = Float.NEGATIVE_INFINITY;
        float l = Float.POSITIVE_INFINITY;
        for (int j = from; j < to; j++) {
            if (!gap[j]) {
                h = Math.max(h, high[j]);
                l = Math.min(l, low[j]);
            }
        }
        return h >= -l ? h : l;
    }

    private static double total(double[] sum, boolean[] gap, int from, int to) {
        double t = 0;
        for (int j = from; j < to; j++) {
            if (!gap[j]) {
                t += sum[j];
            }
        }
        return t;
    }

    private static double maxAbsOf(float[] perPixel, PixelBlocks blocks) {
        double max = 0;
        for (int py = 0; py < blocks.height(); py++) {
            for (int px = 0; px < blocks.width(); px++) {
                float v = perPixel[py * blocks.width() + px];
                if (!blocks.isEmpty(py, px) && !Float.isNaN(v)) {
                    max = Math.max(max, Math.abs(v));
                }
            }
        }
        return max;
    }
}
