package dev.shears.ui.weights;

import dev.shears.analysis.heatmap.ConvMosaic;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;

/**
 * Each output filter's L1 norm, darker = larger: what L1 channel pruning ranks by. With one row band
 * per filter it is a strip beside the mosaic, aligned with the bands; when the filters stand in a
 * grid (a first layer), it is a bar under each filter's block, drawn on {@link #bars()} over the image.
 */
final class L1Strip extends Region {
    private static final double WIDTH = 22;
    /** Data encoding, not chrome: the same light-to-dark ramp in every theme. */
    private static final Color SMALL = Color.web("#f4f5f7");
    private static final Color LARGE = Color.web("#1f3b5c");
    private final Canvas canvas = new Canvas(WIDTH, 10);
    private final Canvas bars = new Canvas();
    private ConvMosaic mosaic;
    private double[] norms;
    private double maxNorm;
    private HeatmapViewport viewport;
    private double paneWidth;
    private double paneHeight;

    L1Strip() {
        setId("l1Strip");
        bars.setId("l1Bars");
        bars.setMouseTransparent(true);
        getChildren().add(canvas);
        Tooltip.install(this, new Tooltip("L1 norm of each output filter (darker = larger)"));
        show(null);
    }

    /** The canvas for the bars under a grid of filters; the heatmap places it over its image. */
    Canvas bars() {
        return bars;
    }

    void show(ConvMosaic newMosaic) {
        mosaic = newMosaic;
        boolean strip = newMosaic != null && !newMosaic.wrapped();
        setVisible(strip);
        setManaged(strip);
        norms = newMosaic == null ? null : newMosaic.filterL1Norms();
        maxNorm = 0;
        if (norms != null) {
            for (double n : norms) {
                maxNorm = Math.max(maxNorm, n);
            }
        }
        drawBars();
    }

    void follow(HeatmapViewport view, double width, double height) {
        this.viewport = view;
        this.paneWidth = width;
        this.paneHeight = height;
        draw();
        drawBars();
    }

    @Override
    protected double computePrefWidth(double height) {
        return WIDTH + 6;
    }

    @Override
    protected void layoutChildren() {
        canvas.setLayoutX(3);
        canvas.setHeight(getHeight());
        draw();
    }

    private Color colourOf(int filter) {
        return SMALL.interpolate(LARGE, maxNorm == 0 ? 0 : norms[filter] / maxNorm);
    }

    private void draw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.clearRect(0, 0, canvas.getWidth(), canvas.getHeight());
        if (norms == null || mosaic.wrapped() || viewport == null || paneHeight <= 0) {
            return;
        }
        for (int y = 0; y < (int) Math.min(canvas.getHeight(), paneHeight); y++) {
            int row = (int) Math.floor(viewport.rowAt(y + 0.5, paneHeight));
            if (row < 0 || row >= mosaic.rows() || mosaic.isGapRow(row)) {
                continue;
            }
            g.setFill(colourOf(row / (mosaic.kernelHeight() + 1)));
            g.fillRect(0, y, WIDTH, 1);
        }
    }

    /** Under each filter's block, in the gap row below it: a bar as wide as the block, half the gap tall. */
    private void drawBars() {
        bars.setWidth(paneWidth);
        bars.setHeight(paneHeight);
        GraphicsContext g = bars.getGraphicsContext2D();
        g.clearRect(0, 0, bars.getWidth(), bars.getHeight());
        if (norms == null || !mosaic.wrapped() || viewport == null || paneWidth <= 0 || paneHeight <= 0) {
            return;
        }
        for (int filter = 0; filter < norms.length; filter++) {
            int gapRow = mosaic.filterTopRow(filter) + mosaic.kernelHeight();
            double top = viewport.pixelY(gapRow + 0.15, paneHeight);
            double bottom = viewport.pixelY(gapRow + 0.65, paneHeight);
            double left = viewport.pixelX(mosaic.filterLeftColumn(filter), paneWidth);
            double right = viewport.pixelX(mosaic.filterLeftColumn(filter) + mosaic.blockWidth(), paneWidth);
            if (bottom < 0 || top > paneHeight || right < 0 || left > paneWidth) {
                continue;
            }
            g.setFill(colourOf(filter));
            g.fillRect(left, top, right - left, Math.max(1, bottom - top));
        }
    }
}
