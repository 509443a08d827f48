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
    /** Per pixel, for j = 1 … CLASSES−1: share of the block's cells in classes &lt; j, times 255. */
    private final byte[] shareBelowClass;

    private BlockMagnitudeHistograms(MagnitudeCounter counter, PixelBlocks blocks, byte[] classOfBucket,
                                     long[] countBeforeClass, byte[] shareBelowClass) {
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

    private static byte[] shares(HeatmapSource source, PixelBlocks blocks, byte[] classOfBucket,
                                 Cancellation cancellation) {
        AxisBlocks rows = blocks.rows();
        AxisBlocks columns = blocks.columns();
        int width = blocks.width();
        int stride = CLASSES - 1;
        byte[] share = new byte[width * blocks.height() * stride];
        int firstColumn = columns.firstCell();
        int visibleColumns = columns.visibleCells();
        if (visibleColumns == 0) {
            return share;
        }
        boolean[] gapColumn = new boolean[visibleColumns];
        for (int j = 0; j < visibleColumns; j++) {
            gapColumn[j] = source.isGapColumn(firstColumn + j);
        }
        int[] columnSegmentOfPixel = blocks.columnSegmentOfPixel();
        float[] scratch = new float[visibleColumns];
        int[] columnCounts = new int[visibleColumns * CLASSES];
        byte[] segmentShares = new byte[columns.segments() * stride];
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
                    segmentShares[cs * stride + c - 1] = cells == 0 ? 0 : (byte) Math.round(255.0 * below / cells);
                }
            }
            for (int py = rows.firstPixel(rs); py < rows.endPixel(rs); py++) {
                for (int px = 0; px < width; px++) {
                    System.arraycopy(segmentShares, columnSegmentOfPixel[px] * stride, share,
                            (py * width + px) * stride, stride);
                }
            }
        }
        return share;
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
        int stride = CLASSES - 1;
        int width = blocks.width();
        byte[] pruned = new byte[width * blocks.height()];
        for (int py = 0; py < blocks.height(); py++) {
            for (int px = 0; px < width; px++) {
                if (blocks.isEmpty(py, px)) {
                    continue;
                }
                int base = (py * width + px) * stride;
                int lower = straddling == 0 ? 0 : shareBelowClass[base + straddling - 1] & 0xFF;
                int upper = straddling == CLASSES - 1 ? 255 : shareBelowClass[base + straddling] & 0xFF;
                pruned[py * width + px] = (byte) Math.round(lower + belowInClass * (upper - lower));
            }
        }
        return pruned;
    }

    long estimatedBytes() {
        return 64L + classOfBucket.length + 8L * countBeforeClass.length + shareBelowClass.length;
    }
}
