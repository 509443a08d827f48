package dev.shears.ui.weights;

import dev.shears.analysis.heatmap.ConvMosaic;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;

/**
 * Each output filter's L1 norm as a strip beside the conv mosaic, aligned with the filter's row
 * band: darker = larger norm. This is what L1 channel pruning ranks by.
 */
final class L1Strip extends Region {
    private static final double WIDTH = 22;
    private final Canvas canvas = new Canvas(WIDTH, 10);
    private double[] norms;
    private int bandHeight;
    private HeatmapViewport viewport;
    private double paneHeight;

    L1Strip() {
        setId("l1Strip");
        getChildren().add(canvas);
        Tooltip.install(this, new Tooltip("L1 norm of each output filter (darker = larger)"));
        show(null);
    }

    void show(ConvMosaic mosaic) {
        setVisible(mosaic != null);
        setManaged(mosaic != null);
        if (mosaic == null) {
            norms = null;
            return;
        }
        norms = new double[mosaic.outChannels()];
        int per = mosaic.inChannels() * mosaic.kernelHeight() * mosaic.kernelWidth();
        for (int o = 0; o < norms.length; o++) {
            double sum = 0;
            for (int i = o * per; i < (o + 1) * per; i++) {
                sum += Math.abs(mosaic.values().get(i));
            }
            norms[o] = sum;
        }
        bandHeight = mosaic.kernelHeight() + 1;
    }

    void follow(HeatmapViewport view, double height) {
        this.viewport = view;
        this.paneHeight = height;
        draw();
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

    private void draw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.clearRect(0, 0, canvas.getWidth(), canvas.getHeight());
        if (norms == null || viewport == null || paneHeight <= 0) {
            return;
        }
        double max = 0;
        for (double n : norms) {
            max = Math.max(max, n);
        }
        for (int y = 0; y < (int) Math.min(canvas.getHeight(), paneHeight); y++) {
            int row = (int) Math.floor(viewport.rowAt(y + 0.5, paneHeight));
            if (row < 0 || row % bandHeight == bandHeight - 1) {
                continue;
            }
            int filter = row / bandHeight;
            if (filter >= norms.length) {
                continue;
            }
            double level = max == 0 ? 0 : norms[filter] / max;
            g.setFill(Color.web("#f4f5f7").interpolate(Color.web("#1f3b5c"), level));
            g.fillRect(0, y, WIDTH, 1);
        }
    }
}
