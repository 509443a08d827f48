package dev.shears.ui.weights;

import dev.shears.analysis.heatmap.SquareFit;

/**
 * Zoom and pan state of the heatmap: the logical rectangle (in cells) shown in a pane of a given
 * pixel size. Pure arithmetic, no JavaFX, so it is unit-testable.
 *
 * @param x      first column shown (may be negative: margin)
 * @param y      first row shown
 * @param width  columns across the pane
 * @param height rows down the pane
 */
public record HeatmapViewport(double x, double y, double width, double height) {
    /** Never more than this many pixels per cell when zooming in. */
    static final double MAX_PIXELS_PER_CELL = 64;

    /**
     * Whole tensor in view. Square cells when that still fills a quarter of the pane; otherwise
     * (a 25088 × 4096 matrix in a wide pane) each axis is stretched to fill it.
     */
    public static HeatmapViewport fit(int rows, int columns, double paneWidth, double paneHeight) {
        double scale = Math.min(paneWidth / columns, paneHeight / rows);
        double usedArea = (columns * scale) * (rows * scale) / (paneWidth * paneHeight);
        if (usedArea < 0.25) {
            return new HeatmapViewport(0, 0, columns, rows);
        }
        double w = paneWidth / scale;
        double h = paneHeight / scale;
        return new HeatmapViewport((columns - w) / 2, (rows - h) / 2, w, h);
    }

    /** Whole tensor in view with square cells, always ({@link SquareFit}: whole pixels per cell when it can). */
    public static HeatmapViewport fitSquare(int rows, int columns, double paneWidth, double paneHeight) {
        SquareFit fit = SquareFit.of(rows, columns, paneWidth, paneHeight);
        return new HeatmapViewport(fit.x(), fit.y(), fit.width(), fit.height());
    }

    /**
     * The same cells per pixel in a pane resized from (oldWidth, oldHeight), top left corner kept:
     * square cells stay square when the window is resized.
     */
    public HeatmapViewport resized(double oldWidth, double oldHeight, double newWidth, double newHeight) {
        return new HeatmapViewport(x, y, width * newWidth / oldWidth, height * newHeight / oldHeight);
    }

    /** Zooms by {@code factor} (&gt; 1 = in) keeping the cell under pixel (px, py) in place. */
    public HeatmapViewport zoom(double factor, double px, double py, double paneWidth, double paneHeight) {
        double minWidth = paneWidth / MAX_PIXELS_PER_CELL;
        double minHeight = paneHeight / MAX_PIXELS_PER_CELL;
        double newWidth = Math.max(minWidth, width / factor);
        double newHeight = Math.max(minHeight, height / factor);
        double lx = columnAt(px, paneWidth);
        double ly = rowAt(py, paneHeight);
        return new HeatmapViewport(lx - px / paneWidth * newWidth, ly - py / paneHeight * newHeight, newWidth,
                newHeight);
    }

    /**
     * A zoom for square cells that lands on a whole number of pixels per cell (the next one in the
     * zoom's direction) once cells are a pixel or more, with cell edges on pixel edges: zooming a
     * conv layer keeps every weight an equal square. Below a pixel per cell it zooms by the factor.
     */
    public HeatmapViewport zoomToWholePixels(double factor, double px, double py, double paneWidth,
                                             double paneHeight) {
        double scale = paneWidth / width;
        double target = scale * factor;
        if (target >= 1) {
            double snapped = Math.round(target);
            if (factor > 1 && snapped <= scale) {
                snapped = Math.floor(scale) + 1;
            } else if (factor < 1 && snapped >= scale) {
                snapped = Math.ceil(scale) - 1;
            }
            if (snapped >= 1) {
                factor = Math.min(snapped, MAX_PIXELS_PER_CELL) / scale;
            }
        }
        return zoom(factor, px, py, paneWidth, paneHeight).alignedToPixels(paneWidth, paneHeight);
    }

    /**
     * With a pixel or more per cell, the view moved by less than a pixel so that cell edges fall on
     * pixel edges (every cell then covers the same number of pixels); otherwise unchanged.
     */
    public HeatmapViewport alignedToPixels(double paneWidth, double paneHeight) {
        double sx = paneWidth / width;
        double sy = paneHeight / height;
        if (sx < 1 || sy < 1 || Math.abs(sx - Math.rint(sx)) > 1e-9 || Math.abs(sy - Math.rint(sy)) > 1e-9) {
            return this;
        }
        return new HeatmapViewport(Math.rint(x * sx) / sx, Math.rint(y * sy) / sy, width, height);
    }

    /** Moves the view by a drag of (dx, dy) pixels. */
    public HeatmapViewport pan(double dx, double dy, double paneWidth, double paneHeight) {
        return new HeatmapViewport(x - dx * width / paneWidth, y - dy * height / paneHeight, width, height);
    }

    /** Logical column (fractional) under pixel column px. */
    public double columnAt(double px, double paneWidth) {
        return x + px * width / paneWidth;
    }

    /** Logical row (fractional) under pixel row py. */
    public double rowAt(double py, double paneHeight) {
        return y + py * height / paneHeight;
    }

    /** Pixel x of the left edge of a logical column. */
    public double pixelX(double column, double paneWidth) {
        return (column - x) * paneWidth / width;
    }

    /** Pixel y of the top edge of a logical row. */
    public double pixelY(double row, double paneHeight) {
        return (row - y) * paneHeight / height;
    }
}
