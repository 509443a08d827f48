package dev.shears.analysis.heatmap;

/**
 * The whole of a grid of cells in a pane with square cells, always — conv tiles must look like the
 * filters they are. When a cell gets a pixel or more, the scale is a whole number of pixels per cell
 * and the margin a whole number of pixels, so every weight is an equal square of pixels and every
 * tile is square to the pixel. A few pixels stay free around it, so tiles do not touch the edges.
 *
 * @param x      first column shown (negative: margin)
 * @param y      first row shown
 * @param width  columns across the pane
 * @param height rows down the pane
 */
public record SquareFit(double x, double y, double width, double height) {
    /** Pixels kept free around the cells. */
    public static final double PADDING = 6;

    public static SquareFit of(int rows, int columns, double paneWidth, double paneHeight) {
        double scale = Math.min(Math.max(1, paneWidth - 2 * PADDING) / columns,
                Math.max(1, paneHeight - 2 * PADDING) / rows);
        double marginX;
        double marginY;
        if (scale >= 1) {
            scale = Math.floor(scale);
            marginX = Math.floor((paneWidth - columns * scale) / 2);
            marginY = Math.floor((paneHeight - rows * scale) / 2);
        } else {
            marginX = (paneWidth - columns * scale) / 2;
            marginY = (paneHeight - rows * scale) / 2;
        }
        return new SquareFit(-marginX / scale, -marginY / scale, paneWidth / scale, paneHeight / scale);
    }

    /** The render request for this fit in a pane of whole pixels. */
    public Viewport viewport(int pixelWidth, int pixelHeight) {
        return new Viewport(x, y, width, height, pixelWidth, pixelHeight);
    }
}
