package dev.shears.analysis.heatmap;

import dev.shears.analysis.FloatValues;
import java.util.Optional;

/**
 * Conv W [out, in, kh, kw] (C order, as DL4J stores it) laid out as a mosaic: one band of kh rows
 * per output filter, one kh × kw tile per input channel, a 1-cell gap between bands and between
 * tiles. Removing filter k therefore removes exactly one row band (and one gap row).
 */
public record ConvMosaic(FloatValues values, int outChannels, int inChannels, int kernelHeight, int kernelWidth)
        implements HeatmapSource {
    public ConvMosaic {
        if (outChannels < 1 || inChannels < 1 || kernelHeight < 1 || kernelWidth < 1
                || values.size() != (long) outChannels * inChannels * kernelHeight * kernelWidth) {
            throw new IllegalArgumentException("W [" + outChannels + ", " + inChannels + ", " + kernelHeight
                    + ", " + kernelWidth + "] does not match " + values.size() + " values");
        }
    }

    public ConvMosaic(float[] values, int outChannels, int inChannels, int kernelHeight, int kernelWidth) {
        this(FloatValues.of(values), outChannels, inChannels, kernelHeight, kernelWidth);
    }

    @Override
    public int rows() {
        return outChannels * (kernelHeight + 1) - 1;
    }

    @Override
    public int columns() {
        return inChannels * (kernelWidth + 1) - 1;
    }

    @Override
    public boolean isGapRow(int row) {
        return row % (kernelHeight + 1) == kernelHeight;
    }

    @Override
    public boolean isGapColumn(int column) {
        return column % (kernelWidth + 1) == kernelWidth;
    }

    /** First mosaic row of filter {@code out}'s band; the band is {@code kernelHeight} rows tall. */
    public int filterTopRow(int out) {
        return out * (kernelHeight + 1);
    }

    /** Which weight a mosaic cell shows; empty for gap cells. */
    public Optional<KernelIndex> kernelIndexAt(int row, int column) {
        if (isGapRow(row) || isGapColumn(column)) {
            return Optional.empty();
        }
        return Optional.of(new KernelIndex(row / (kernelHeight + 1), column / (kernelWidth + 1),
                row % (kernelHeight + 1), column % (kernelWidth + 1)));
    }

    @Override
    public float valueAt(int row, int column) {
        KernelIndex k = kernelIndexAt(row, column)
                .orElseThrow(() -> new IllegalArgumentException("(" + row + ", " + column + ") is a gap"));
        return values.get(flatIndex(k.out(), k.in(), k.y(), k.x()));
    }

    @Override
    public RowSlice row(int row, int fromColumn, int toColumn, float[] scratch) {
        int out = row / (kernelHeight + 1);
        int y = row % (kernelHeight + 1);
        int in = fromColumn / (kernelWidth + 1);
        int x = fromColumn % (kernelWidth + 1);
        int tileBase = flatIndex(out, in, y, 0);
        int tileStride = kernelHeight * kernelWidth;
        for (int j = 0; j < toColumn - fromColumn; j++) {
            if (x == kernelWidth) {
                scratch[j] = Float.NaN;
                x = 0;
                tileBase += tileStride;
            } else {
                scratch[j] = values.get(tileBase + x);
                x++;
            }
        }
        return new RowSlice(scratch, 0);
    }

    private int flatIndex(int out, int in, int y, int x) {
        return ((out * inChannels + in) * kernelHeight + y) * kernelWidth + x;
    }
}
