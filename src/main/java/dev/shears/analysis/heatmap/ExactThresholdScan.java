package dev.shears.analysis.heatmap;

import dev.shears.analysis.FloatValues;
import dev.shears.task.Cancellation;
import java.util.Arrays;

/**
 * Exact pruned share of every pixel block and exact kept/pruned counts of the visible cells, by
 * comparing every visible cell with the threshold: O(visible cells), about 1 ns per cell, so it is
 * used when the view is zoomed in or the tensor is small.
 */
final class ExactThresholdScan {
    /** Pruned share per pixel, 0 … 255 (0 for empty blocks), and the visible cells' counts. */
    record Result(byte[] prunedShares, PruneCounts visible) {
    }

    private ExactThresholdScan() {
    }

    /**
     * @param mayHoldNaN false when the tensor is known to hold no NaN: then only the pruned cells are
     *                   counted (kept = cells − pruned), which halves the work
     */
    static Result scan(HeatmapSource source, PixelBlocks blocks, double threshold, boolean mayHoldNaN,
                       Cancellation cancellation) {
        int bound = MagnitudeKeys.exclusiveBound(threshold);
        AxisBlocks rows = blocks.rows();
        AxisBlocks columns = blocks.columns();
        int width = blocks.width();
        byte[] shares = new byte[width * blocks.height()];
        int firstColumn = columns.firstCell();
        int visibleColumns = columns.visibleCells();
        if (visibleColumns == 0) {
            return new Result(shares, new PruneCounts(0, 0));
        }
        boolean[] gapColumn = blocks.gapInVisibleColumns();
        int[] columnSegmentOfPixel = blocks.columnSegmentOfPixel();
        float[] scratch = new float[visibleColumns];
        int[] prunedInColumn = new int[visibleColumns];
        int[] countedInColumn = new int[visibleColumns];
        byte[] segmentShare = new byte[columns.segments()];
        long pruned = 0;
        long kept = 0;
        for (int rs = 0; rs < rows.segments(); rs++) {
            cancellation.throwIfCancelled();
            if (rows.nonGapCells(rs) == 0) {
                continue;
            }
            Arrays.fill(prunedInColumn, 0);
            Arrays.fill(countedInColumn, 0);
            for (int r = rows.start(rs); r < rows.end(rs); r++) {
                if (!source.isGapRow(r)) {
                    HeatmapSource.RowSlice slice = source.row(r, firstColumn, firstColumn + visibleColumns, scratch);
                    if (mayHoldNaN) {
                        countPrunedAndNotNaN(slice.array(), slice.offset(), bound, prunedInColumn, countedInColumn);
                    } else {
                        countPruned(slice.array(), slice.offset(), bound, prunedInColumn);
                    }
                }
            }
            for (int cs = 0; cs < columns.segments(); cs++) {
                long cells = (long) rows.nonGapCells(rs) * columns.nonGapCells(cs);
                long prunedInBlock = 0;
                long countedInBlock = 0;
                for (int j = columns.start(cs) - firstColumn; j < columns.end(cs) - firstColumn; j++) {
                    if (!gapColumn[j]) {
                        prunedInBlock += prunedInColumn[j];
                        countedInBlock += mayHoldNaN ? countedInColumn[j] : rows.nonGapCells(rs);
                    }
                }
                segmentShare[cs] = cells == 0 ? 0 : (byte) Math.round(255.0 * prunedInBlock / cells);
                pruned += prunedInBlock;
                kept += countedInBlock - prunedInBlock;
            }
            for (int py = rows.firstPixel(rs); py < rows.endPixel(rs); py++) {
                for (int px = 0; px < width; px++) {
                    shares[py * width + px] = segmentShare[columnSegmentOfPixel[px]];
                }
            }
        }
        return new Result(shares, new PruneCounts(kept, pruned));
    }

    /** Branch-free, so random magnitudes cost no mispredictions. */
    private static void countPruned(float[] a, int offset, int bound, int[] pruned) {
        for (int j = 0; j < pruned.length; j++) {
            pruned[j] += MagnitudeKeys.below(MagnitudeKeys.of(a[offset + j]), bound);
        }
    }

    private static void countPrunedAndNotNaN(float[] a, int offset, int bound, int[] pruned, int[] counted) {
        for (int j = 0; j < pruned.length; j++) {
            int key = MagnitudeKeys.of(a[offset + j]);
            pruned[j] += MagnitudeKeys.below(key, bound);
            counted[j] += MagnitudeKeys.notNaN(key);
        }
    }

    /** Exact counts over all values, for tensors small enough to rescan; NaN is neither kept nor pruned. */
    static PruneCounts countAll(FloatValues values, double threshold, Cancellation cancellation) {
        int bound = MagnitudeKeys.exclusiveBound(threshold);
        long[] prunedAndCounted = new long[2];
        int chunk = 1 << 20;
        values.forEachChunk((array, offset, length) -> {
            for (int from = offset; from < offset + length; from += chunk) {
                cancellation.throwIfCancelled();
                long pruned = 0;
                long counted = 0;
                for (int i = from; i < Math.min(offset + length, from + chunk); i++) {
                    int key = MagnitudeKeys.of(array[i]);
                    pruned += MagnitudeKeys.below(key, bound);
                    counted += MagnitudeKeys.notNaN(key);
                }
                prunedAndCounted[0] += pruned;
                prunedAndCounted[1] += counted;
            }
        });
        return new PruneCounts(prunedAndCounted[1] - prunedAndCounted[0], prunedAndCounted[0]);
    }
}
