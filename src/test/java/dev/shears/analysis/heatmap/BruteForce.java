package dev.shears.analysis.heatmap;

import java.util.SplittableRandom;

/** Straightforward reference computations the fast code is checked against. */
final class BruteForce {
    private BruteForce() {
    }

    static float[] gaussian(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            double u = random.nextDouble();
            double v = random.nextDouble();
            values[i] = (float) (0.05 * Math.sqrt(-2 * Math.log1p(-u)) * Math.cos(2 * Math.PI * v));
        }
        return values;
    }

    /** The cell range [start, end) pixel k shows along one axis. */
    static int[] range(AxisBlocks axis, int pixel) {
        int segment = axis.segmentOf(pixel);
        return new int[] {axis.start(segment), axis.end(segment)};
    }

    /** Aggregated value of one pixel, straight from the definition; NaN also for empty blocks. */
    static double aggregate(HeatmapSource source, PixelBlocks blocks, int py, int px, Aggregation aggregation,
                            ValueMode mode) {
        int[] rows = range(blocks.rows(), py);
        int[] columns = range(blocks.columns(), px);
        double best = Double.NaN;
        double bestAbs = -1;
        double sum = 0;
        long cells = 0;
        for (int r = rows[0]; r < rows[1]; r++) {
            for (int c = columns[0]; c < columns[1]; c++) {
                if (source.isGapRow(r) || source.isGapColumn(c)) {
                    continue;
                }
                float v = source.valueAt(r, c);
                cells++;
                sum += mode == ValueMode.MAGNITUDE ? Math.abs(v) : v;
                if (Math.abs(v) > bestAbs || (Math.abs(v) == bestAbs && v > best)) {
                    best = v;
                    bestAbs = Math.abs(v);
                }
            }
        }
        if (cells == 0) {
            return Double.NaN;
        }
        return aggregation == Aggregation.MAX_ABS ? best : sum / cells;
    }

    /** {pruned, counted (non-NaN), cells} of one pixel's block. */
    static long[] blockCounts(HeatmapSource source, PixelBlocks blocks, int py, int px, double threshold) {
        int[] rows = range(blocks.rows(), py);
        int[] columns = range(blocks.columns(), px);
        long pruned = 0;
        long counted = 0;
        long cells = 0;
        for (int r = rows[0]; r < rows[1]; r++) {
            for (int c = columns[0]; c < columns[1]; c++) {
                if (source.isGapRow(r) || source.isGapColumn(c)) {
                    continue;
                }
                float v = source.valueAt(r, c);
                cells++;
                if (!Float.isNaN(v)) {
                    counted++;
                    pruned += Math.abs((double) v) < threshold ? 1 : 0;
                }
            }
        }
        return new long[] {pruned, counted, cells};
    }

    static PruneCounts counts(float[] values, double threshold) {
        long pruned = 0;
        long kept = 0;
        for (float v : values) {
            if (Float.isNaN(v)) {
                continue;
            }
            if (Math.abs((double) v) < threshold) {
                pruned++;
            } else {
                kept++;
            }
        }
        return new PruneCounts(kept, pruned);
    }

    /** Counts over the cells shown by some pixel, each cell once. */
    static PruneCounts visibleCounts(HeatmapSource source, PixelBlocks blocks, double threshold) {
        long pruned = 0;
        long kept = 0;
        AxisBlocks rows = blocks.rows();
        AxisBlocks columns = blocks.columns();
        for (int r = rows.firstCell(); r < rows.endCell(); r++) {
            for (int c = columns.firstCell(); c < columns.endCell(); c++) {
                if (source.isGapRow(r) || source.isGapColumn(c) || Float.isNaN(source.valueAt(r, c))) {
                    continue;
                }
                if (Math.abs((double) source.valueAt(r, c)) < threshold) {
                    pruned++;
                } else {
                    kept++;
                }
            }
        }
        return new PruneCounts(kept, pruned);
    }
}
