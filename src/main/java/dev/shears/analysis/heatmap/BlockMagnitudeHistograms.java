package dev.shears.analysis.heatmap;

import dev.shears.analysis.MagnitudeIndex;
import dev.shears.task.Cancellation;
import java.util.Arrays;

/**
 * Per pixel block, how its |w| spread over 16 magnitude classes of equal global population (cut
 * at bucket edges of {@link MagnitudeIndex}). A threshold move then costs O(pixels): classes
 * below the threshold's class are pruned, classes above are kept, and only the share of the one
 * straddling class is estimated — from the tensor's exact distribution inside that class. The
 * shading is therefore an estimate within that class's share of the block (±1/255 rounding);
 * the legend counts never come from here.
 */
final class BlockMagnitudeHistograms {
    static final int CLASSES = 16;

    private final PixelBlocks blocks;
    /** Class of each counter bucket; non-decreasing, so classes are magnitude intervals. */
    private final byte[] classOfBucket;
    /** Exact number of weights below each class's lower edge; [CLASSES] = all non-NaN weights. */
    private final long[] countBeforeClass;
    /**
     * Plane j (0 … CLASSES) holds, per pixel, the share of its block's cells in classes &lt; j,
     * times 255: plane 0 is all 0, the last is 255 except for empty blocks. Planar, so a threshold
     * reads two contiguous planes, with no special cases in the loop.
     */
    private final byte[][] shareBelowClass;

    private BlockMagnitudeHistograms(PixelBlocks blocks, byte[] classOfBucket, long[] countBeforeClass,
                                     byte[][] shareBelowClass) {
        this.blocks = blocks;
        this.classOfBucket = classOfBucket;
        this.countBeforeClass = countBeforeClass;
        this.shareBelowClass = shareBelowClass;
    }

    static BlockMagnitudeHistograms build(HeatmapSource source, PixelBlocks blocks, MagnitudeIndex counter,
                                          Cancellation cancellation) {
        byte[] classOfBucket = new byte[MagnitudeIndex.bucketCount()];
        long[] countBeforeClass = new long[CLASSES + 1];
        Arrays.fill(countBeforeClass, counter.numbers());
        long total = Math.max(1, counter.numbers());
        for (int b = MagnitudeIndex.bucketCount() - 1; b >= 0; b--) {
            long before = counter.countBeforeBucket(b);
            int magnitudeClass = (int) Math.min(CLASSES - 1, before * CLASSES / total);
            classOfBucket[b] = (byte) magnitudeClass;
            countBeforeClass[magnitudeClass] = before;
        }
        for (int c = CLASSES - 1; c >= 0; c--) {
            countBeforeClass[c] = Math.min(countBeforeClass[c], countBeforeClass[c + 1]);
        }
        return new BlockMagnitudeHistograms(blocks, classOfBucket, countBeforeClass,
                shares(source, blocks, classOfBucket, cancellation));
    }

    private static byte[][] shares(HeatmapSource source, PixelBlocks blocks, byte[] classOfBucket,
                                   Cancellation cancellation) {
        AxisBlocks rows = blocks.rows();
        AxisBlocks columns = blocks.columns();
        int width = blocks.width();
        byte[][] planes = new byte[CLASSES + 1][width * blocks.height()];
        int firstColumn = columns.firstCell();
        int visibleColumns = columns.visibleCells();
        if (visibleColumns == 0) {
            return planes;
        }
        boolean[] gapColumn = blocks.gapInVisibleColumns();
        int[] columnSegmentOfPixel = blocks.columnSegmentOfPixel();
        float[] scratch = new float[visibleColumns];
        int[] columnCounts = new int[visibleColumns * CLASSES];
        byte[][] segmentShares = new byte[CLASSES + 1][columns.segments()];
        long[] blockCounts = new long[CLASSES];
        for (int rs = 0; rs < rows.segments(); rs++) {
            cancellation.throwIfCancelled();
            if (rows.nonGapCells(rs) == 0) {
                continue;
            }
            Arrays.fill(columnCounts, 0);
            for (int r = rows.start(rs); r < rows.end(rs); r++) {
                if (!source.isGapRow(r)) {
                    HeatmapSource.RowSlice slice = source.row(r, firstColumn, firstColumn + visibleColumns, scratch);
                    countClasses(slice.array(), slice.offset(), visibleColumns, classOfBucket, columnCounts);
                }
            }
            for (int cs = 0; cs < columns.segments(); cs++) {
                Arrays.fill(blockCounts, 0);
                long cells = 0;
                for (int j = columns.start(cs) - firstColumn; j < columns.end(cs) - firstColumn; j++) {
                    if (!gapColumn[j]) {
                        for (int c = 0; c < CLASSES; c++) {
                            blockCounts[c] += columnCounts[j * CLASSES + c];
                            cells += columnCounts[j * CLASSES + c];
                        }
                    }
                }
                long below = 0;
                for (int c = 1; c <= CLASSES; c++) {
                    below += blockCounts[c - 1];
                    segmentShares[c][cs] = cells == 0 ? 0 : (byte) Math.round(255.0 * below / cells);
                }
            }
            for (int py = rows.firstPixel(rs); py < rows.endPixel(rs); py++) {
                for (int c = 1; c <= CLASSES; c++) {
                    byte[] plane = planes[c];
                    byte[] segmentShare = segmentShares[c];
                    for (int px = 0; px < width; px++) {
                        plane[py * width + px] = segmentShare[columnSegmentOfPixel[px]];
                    }
                }
            }
        }
        return planes;
    }

    private static void countClasses(float[] a, int offset, int length, byte[] classOfBucket, int[] counts) {
        for (int j = 0; j < length; j++) {
            int bucket = MagnitudeIndex.bucketOf(MagnitudeKeys.of(a[offset + j]));
            counts[j * CLASSES + classOfBucket[bucket]]++;
        }
    }

    /** The magnitude class of a key; classes are intervals of keys, in order. */
    int classOf(int key) {
        return classOfBucket[MagnitudeIndex.bucketOf(key)];
    }

    boolean isFor(PixelBlocks other) {
        return blocks.equals(other);
    }

    /**
     * Estimated pruned share of each pixel's block, 0 … 255; 0 for empty blocks.
     *
     * @param prunedInTensor the exact number of weights below the threshold, which places the
     *                       threshold inside its class
     */
    byte[] prunedShares(double threshold, long prunedInTensor) {
        int straddling = classOf(MagnitudeKeys.exclusiveBound(threshold));
        long inClass = countBeforeClass[straddling + 1] - countBeforeClass[straddling];
        double belowInClass = inClass == 0 ? 0 : (double) (prunedInTensor - countBeforeClass[straddling]) / inClass;
        int weight = (int) Math.round(belowInClass * 65536);
        byte[] lowerPlane = shareBelowClass[straddling];
        byte[] upperPlane = shareBelowClass[straddling + 1];
        byte[] pruned = new byte[lowerPlane.length];
        for (int p = 0; p < pruned.length; p++) {
            int lower = lowerPlane[p] & 0xFF;
            int upper = upperPlane[p] & 0xFF;
            pruned[p] = (byte) (lower + ((upper - lower) * weight + 32768 >> 16));
        }
        return pruned;
    }

    long estimatedBytes() {
        return 64L + classOfBucket.length + 8L * countBeforeClass.length
                + (long) shareBelowClass.length * (16 + shareBelowClass[0].length);
    }
}
