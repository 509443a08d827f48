package dev.shears.analysis.heatmap;

import dev.shears.analysis.FloatValues;
import java.util.Optional;

/**
 * Conv W [out, in, kh, kw] (C order, as DL4J stores it) laid out as square-celled tiles: each output
 * filter is a block of {@code in} kh × kw tiles side by side (1-cell gaps), and the blocks stand in a
 * grid of {@code filterColumns} columns. With one column (the usual case) each filter is one row band,
 * so removing filter k removes exactly one band. A layer whose bands would be a thin column — few
 * input channels, as in a first layer — is wrapped into several columns ({@link #laidOut}), so that
 * conv1's filters read as a grid of small square images. A grid row always holds whole filters
 * ({@code filterColumns} divides {@code out}), so gaps stay whole rows and columns; a wrapped layout
 * keeps one gap row under its last grid row too, where each filter's L1 bar is drawn.
 */
public record ConvMosaic(FloatValues values, int outChannels, int inChannels, int kernelHeight, int kernelWidth,
                         int filterColumns) implements HeatmapSource {
    /** Bands narrower than this share of their height are wrapped into several filter columns. */
    static final double WRAP_BELOW_ASPECT = 1.0 / 3;
    /** The width : height a wrapped layout aims at: about that of the heatmap pane. */
    static final double TARGET_ASPECT = 4.0 / 3;

    public ConvMosaic {
        if (outChannels < 1 || inChannels < 1 || kernelHeight < 1 || kernelWidth < 1
                || values.size() != (long) outChannels * inChannels * kernelHeight * kernelWidth) {
            throw new IllegalArgumentException("W [" + outChannels + ", " + inChannels + ", " + kernelHeight
                    + ", " + kernelWidth + "] does not match " + values.size() + " values");
        }
        if (filterColumns < 1 || outChannels % filterColumns != 0) {
            throw new IllegalArgumentException(filterColumns + " filter columns do not divide " + outChannels
                    + " filters");
        }
    }

    /** One row band per filter. */
    public ConvMosaic(FloatValues values, int outChannels, int inChannels, int kernelHeight, int kernelWidth) {
        this(values, outChannels, inChannels, kernelHeight, kernelWidth, 1);
    }

    public ConvMosaic(float[] values, int outChannels, int inChannels, int kernelHeight, int kernelWidth) {
        this(FloatValues.of(values), outChannels, inChannels, kernelHeight, kernelWidth);
    }

    /** The layout the heatmap shows: row bands, or a grid of filters when bands would be a thin column. */
    public static ConvMosaic laidOut(FloatValues values, int outChannels, int inChannels, int kernelHeight,
                                     int kernelWidth) {
        return new ConvMosaic(values, outChannels, inChannels, kernelHeight, kernelWidth,
                filterColumnsFor(outChannels, inChannels, kernelHeight, kernelWidth));
    }

    /**
     * 1 when one band per filter is at least a third as wide as tall; otherwise the divisor of
     * {@code out} whose grid comes closest to {@link #TARGET_ASPECT} (a prime count of filters may end
     * up as one row).
     */
    static int filterColumnsFor(int out, int in, int kh, int kw) {
        if (aspect(out, in, kh, kw, 1) >= WRAP_BELOW_ASPECT) {
            return 1;
        }
        int best = 1;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (int c = 1; c <= out; c++) {
            if (out % c == 0) {
                double distance = Math.abs(Math.log(aspect(out, in, kh, kw, c) / TARGET_ASPECT));
                if (distance < bestDistance) {
                    best = c;
                    bestDistance = distance;
                }
            }
        }
        return best;
    }

    private static double aspect(int out, int in, int kh, int kw, int c) {
        int blockWidth = in * (kw + 1) - 1;
        int blockGap = blockGap(in, c);
        double columns = (double) c * (blockWidth + blockGap) - blockGap;
        double rows = (double) (out / c) * (kh + 1) - (c == 1 ? 1 : 0);
        return columns / rows;
    }

    /** Blocks of several tiles stand 2 cells apart, so a filter's tiles read as one group. */
    private static int blockGap(int in, int c) {
        return c > 1 && in > 1 ? 2 : 1;
    }

    public boolean wrapped() {
        return filterColumns > 1;
    }

    /** Grid rows of filters. */
    public int filterRows() {
        return outChannels / filterColumns;
    }

    /** Width of one filter's block: its input channels' tiles and the gaps between them. */
    public int blockWidth() {
        return inChannels * (kernelWidth + 1) - 1;
    }

    private int blockStride() {
        return blockWidth() + blockGap(inChannels, filterColumns);
    }

    @Override
    public int rows() {
        return filterRows() * (kernelHeight + 1) - (wrapped() ? 0 : 1);
    }

    @Override
    public int columns() {
        return filterColumns * blockStride() - blockGap(inChannels, filterColumns);
    }

    @Override
    public boolean isGapRow(int row) {
        return row % (kernelHeight + 1) == kernelHeight;
    }

    @Override
    public boolean isGapColumn(int column) {
        int within = column % blockStride();
        return within >= blockWidth() || within % (kernelWidth + 1) == kernelWidth;
    }

    /** First mosaic row of filter {@code out}'s block; the block is {@code kernelHeight} rows tall. */
    public int filterTopRow(int out) {
        return out / filterColumns * (kernelHeight + 1);
    }

    /** First mosaic column of filter {@code out}'s block; the block is {@link #blockWidth()} wide. */
    public int filterLeftColumn(int out) {
        return out % filterColumns * blockStride();
    }

    /** First mosaic column of input channel {@code in}'s tile in the {@code blockColumn}-th column of blocks. */
    public int tileLeftColumn(int blockColumn, int in) {
        return blockColumn * blockStride() + in * (kernelWidth + 1);
    }

    /** The filter whose block holds a cell (the gaps between its tiles included); empty elsewhere. */
    public Optional<Integer> filterAt(int row, int column) {
        if (row < 0 || column < 0 || row >= rows() || column >= columns() || isGapRow(row)
                || column % blockStride() >= blockWidth()) {
            return Optional.empty();
        }
        return Optional.of(row / (kernelHeight + 1) * filterColumns + column / blockStride());
    }

    /** Which weight a mosaic cell shows; empty for gap cells. */
    public Optional<KernelIndex> kernelIndexAt(int row, int column) {
        if (isGapRow(row) || isGapColumn(column)) {
            return Optional.empty();
        }
        int within = column % blockStride();
        return Optional.of(new KernelIndex(row / (kernelHeight + 1) * filterColumns + column / blockStride(),
                within / (kernelWidth + 1), row % (kernelHeight + 1), within % (kernelWidth + 1)));
    }

    /** Each filter's L1 norm (what L1 channel pruning ranks by), read where the values lie. */
    public double[] filterL1Norms() {
        double[] norms = new double[outChannels];
        int per = inChannels * kernelHeight * kernelWidth;
        float[] chunk = new float[per];
        for (int o = 0; o < outChannels; o++) {
            values.read(o * per, chunk, 0, per);
            double sum = 0;
            for (float v : chunk) {
                sum += Math.abs(v);
            }
            norms[o] = sum;
        }
        return norms;
    }

    @Override
    public float valueAt(int row, int column) {
        KernelIndex k = kernelIndexAt(row, column)
                .orElseThrow(() -> new IllegalArgumentException("(" + row + ", " + column + ") is a gap"));
        return values.get(flatIndex(k.out(), k.in(), k.y(), k.x()));
    }

    @Override
    public RowSlice row(int row, int fromColumn, int toColumn, float[] scratch) {
        int y = row % (kernelHeight + 1);
        int firstFilterOfRow = row / (kernelHeight + 1) * filterColumns;
        int stride = blockStride();
        int width = blockWidth();
        int block = fromColumn / stride;
        int within = fromColumn % stride;
        for (int j = 0; j < toColumn - fromColumn; j++) {
            if (within >= width || within % (kernelWidth + 1) == kernelWidth) {
                scratch[j] = Float.NaN;
            } else {
                scratch[j] = values.get(flatIndex(firstFilterOfRow + block, within / (kernelWidth + 1), y,
                        within % (kernelWidth + 1)));
            }
            if (++within == stride) {
                within = 0;
                block++;
            }
        }
        return new RowSlice(scratch, 0);
    }

    private int flatIndex(int out, int in, int y, int x) {
        return ((out * inChannels + in) * kernelHeight + y) * kernelWidth + x;
    }
}
