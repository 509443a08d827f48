package dev.shears.analysis.heatmap;

import dev.shears.task.Cancellation;
import java.util.Arrays;

/**
 * Per pixel block, how its |w| spread over 16 magnitude classes of equal global population (cut
 * at 1/128-octave bucket edges of {@link MagnitudeCounter}). A threshold move then costs O(pixels):
 * classes below the threshold's class are pruned, classes above are kept, and only the share of
 * the one straddling class is estimated — from the tensor's exact distribution inside that class.
 * The shading is therefore an estimate within that class's share of the block (±1/255 rounding);
 * the legend counts never come from here.
 */
final class BlockMagnitudeHistograms {
    static final int CLASSES = 16;

    private final MagnitudeCounter counter;
    private final PixelBlocks blocks;
    /** Class of each counter bucket; non-decreasing, so classes are magnitude intervals. */
    private final byte[] classOfBucket;
    /** Exact number of weights below each class's lower edge; [CLASSES] = all non-NaN weights. */
    private final long[] countBeforeClass;
    /**
     * Plane j − 1 (j = 1 … CLASSES−1) holds, per pixel, the share of its block's cells in classes
     * &lt; j, times 255. Planar, so a threshold reads just two contiguous planes.
     */
    private final byte[][] shareBelowClass;

    private BlockMagnitudeHistograms(MagnitudeCounter counter, PixelBlocks blocks, byte[] classOfBucket,
                                     long[] countBeforeClass, byte[][] shareBelowClass) {
        this.counter = counter;
        this.blocks = blocks;
        this.classOfBucket = classOfBucket;
        this.countBeforeClass = countBeforeClass;
        this.shareBelowClass = shareBelowClass;
    }

    static BlockMagnitudeHistograms build(HeatmapSource source, PixelBlocks blocks, MagnitudeCounter counter,
                                          Cancellation cancellation) {
        byte[] classOfBucket = new byte[MagnitudeCounter.bucketCount()];
        long[] countBeforeClass = new long[CLASSES + 1];
        Arrays.fill(countBeforeClass, counter.size());
        long total = Math.max(1, counter.size());
        for (int b = MagnitudeCounter.bucketCount() - 1; b >= 0; b--) {
            long before = counter.countBeforeBucket(b);
            int magnitudeClass = (int) Math.min(CLASSES - 1, before * CLASSES / total);
            classOfBucket[b] = (byte) magnitudeClass;
            countBeforeClass[magnitudeClass] = before;
        }
        for (int c = CLASSES - 1; c >= 0; c--) {
            countBeforeClass[c] = Math.min(countBeforeClass[c], countBeforeClass[c + 1]);
        }
        return new BlockMagnitudeHistograms(counter, blocks, classOfBucket, countBeforeClass,
                shares(source, blocks, classOfBucket, cancellation));
    }

    private static byte[][] shares(HeatmapSource source, PixelBlocks blocks, byte[] classOfBucket,
                                   Cancellation cancellation) {
        AxisBlocks rows = blocks.rows();
        AxisBlocks columns = blocks.columns();
        int width = blocks.width();
        byte[][] planes = new byte[CLASSES - 1][width * blocks.height()];
        int firstColumn = columns.firstCell();
        int visibleColumns = columns.visibleCells();
        if (visibleColumns == 0) {
            return planes;
        }
        boolean[] gapColumn = new boolean[visibleColumns];
        for (int j = 0; j < visibleColumns; j++) {
            gapColumn[j] = source.isGapColumn(firstColumn + j);
        }
        int[] columnSegmentOfPixel = blocks.columnSegmentOfPixel();
        float[] scratch = new float[visibleColumns];
        int[] columnCounts = new int[visibleColumns * CLASSES];
        byte[][] segmentShares = new byte[CLASSES - 1][columns.segments()];
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
                for (int c = 1; c < CLASSES; c++) {
                    below += blockCounts[c - 1];
                    segmentShares[c - 1][cs] = cells == 0 ? 0 : (byte) Math.round(255.0 * below / cells);
                }
            }
            for (int py = rows.firstPixel(rs); py < rows.endPixel(rs); py++) {
                for (int c = 0; c < CLASSES - 1; c++) {
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
            int bucket = MagnitudeCounter.bucketOf(MagnitudeKeys.of(a[offset + j]));
            counts[j * CLASSES + classOfBucket[bucket]]++;
        }
    }

    /** The magnitude class of a key; classes are intervals of keys, in order. */
    int classOf(int key) {
        return classOfBucket[MagnitudeCounter.bucketOf(key)];
    }

    boolean isFor(PixelBlocks other) {
        return blocks.equals(other);
    }

    /** Estimated pruned share of each pixel's block, 0 … 255; 0 for empty blocks. */
    byte[] prunedShares(double threshold) {
        int bound = MagnitudeKeys.exclusiveBound(threshold);
        int straddling = classOf(bound);
        long inClass = countBeforeClass[straddling + 1] - countBeforeClass[straddling];
        double belowInClass = inClass == 0 ? 0
                : (double) (counter.countBelowKey(bound) - countBeforeClass[straddling]) / inClass;
        int weight = (int) Math.round(belowInClass * 65536);
        byte[] lowerPlane = straddling == 0 ? null : shareBelowClass[straddling - 1];
        byte[] upperPlane = straddling == CLASSES - 1 ? null : shareBelowClass[straddling];
        int width = blocks.width();
        byte[] pruned = new byte[width * blocks.height()];
        for (int py = 0; py < blocks.height(); py++) {
            if (blocks.emptyPixelRow()[py]) {
                continue;
            }
            boolean[] emptyColumn = blocks.emptyPixelColumn();
            for (int px = 0; px < width; px++) {
                int p = py * width + px;
                int lower = lowerPlane == null ? 0 : lowerPlane[p] & 0xFF;
                int upper = upperPlane == null ? 255 : upperPlane[p] & 0xFF;
                int share = lower + ((upper - lower) * weight + 32768 >> 16);
                pruned[p] = emptyColumn[px] ? 0 : (byte) share;
            }
        }
        return pruned;
    }

    long estimatedBytes() {
        return 64L + classOfBucket.length + 8L * countBeforeClass.length
                + (long) shareBelowClass.length * (16 + shareBelowClass[0].length);
    }
}
