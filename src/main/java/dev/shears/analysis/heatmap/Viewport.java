package dev.shears.analysis.heatmap;

/**
 * The logical rectangle shown (x = column, y = row, in cells; fractions allowed) and the pixel size
 * of the output. Each axis scales independently.
 */
public record Viewport(double x, double y, double width, double height, int pixelWidth, int pixelHeight) {
    /** Guards against absurd buffers; 64 M pixels is far above any screen. */
    static final long MAX_PIXELS = 1L << 26;

    public Viewport {
        if (!Double.isFinite(x) || !Double.isFinite(y) || !(width > 0) || !(height > 0)
                || !Double.isFinite(width) || !Double.isFinite(height)) {
            throw new IllegalArgumentException("bad logical rectangle " + x + ", " + y + ", " + width + " × " + height);
        }
        if (pixelWidth < 1 || pixelHeight < 1 || (long) pixelWidth * pixelHeight > MAX_PIXELS) {
            throw new IllegalArgumentException("bad pixel size " + pixelWidth + " × " + pixelHeight);
        }
    }

    /** The whole source stretched over {@code pixelWidth × pixelHeight}. */
    public static Viewport whole(HeatmapSource source, int pixelWidth, int pixelHeight) {
        return new Viewport(0, 0, source.columns(), source.rows(), pixelWidth, pixelHeight);
    }

    public int pixelCount() {
        return pixelWidth * pixelHeight;
    }
}
