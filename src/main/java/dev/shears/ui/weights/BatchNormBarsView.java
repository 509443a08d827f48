package dev.shears.ui.weights;

import java.util.Locale;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.TextAlignment;

/**
 * A BatchNorm layer as two bar charts, γ (scale) and β (shift) per channel. Channels with |γ|
 * under the threshold are grey: Network Slimming prunes channels by |γ|.
 */
final class BatchNormBarsView extends Region {
    private static final Color GAMMA = Color.web("#2f6fb3");
    private static final Color BETA = Color.web("#e08a2c");
    private static final Color PRUNED = Color.web("#b9bec6");
    private final Canvas canvas = new Canvas();
    private float[] gamma;
    private float[] beta;
    private double threshold;

    BatchNormBarsView() {
        setId("batchNormBars");
        getChildren().add(canvas);
        dev.shears.ui.Themes.currentProperty().addListener(new javafx.beans.WeakInvalidationListener(redraw));
    }

    /** Held here: the theme's property holds it only weakly. */
    private final javafx.beans.InvalidationListener redraw = o -> draw();

    void show(float[] gammaValues, float[] betaValues, double t) {
        gamma = gammaValues;
        beta = betaValues;
        threshold = t;
        draw();
    }

    @Override
    protected void layoutChildren() {
        canvas.setWidth(getWidth());
        canvas.setHeight(getHeight());
        draw();
    }

    private void draw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.clearRect(0, 0, canvas.getWidth(), canvas.getHeight());
        if (gamma == null || beta == null || getHeight() < 40) {
            return;
        }
        double half = (getHeight() - 10) / 2;
        chart(g, "γ (scale) per channel", gamma, 0, half, GAMMA, true);
        chart(g, "β (shift) per channel", beta, half + 10, half, BETA, false);
    }

    private void chart(GraphicsContext g, String title, float[] values, double top, double height, Color colour,
                       boolean markPruned) {
        double left = 50;
        double width = Math.max(1, getWidth() - left - 10);
        double plotTop = top + 18;
        double plotHeight = Math.max(1, height - 22);
        double max = 1e-12;
        for (float v : values) {
            max = Math.max(max, Math.abs(v));
        }
        dev.shears.ui.Theme theme = dev.shears.ui.Themes.current();
        g.setFill(theme.ink());
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.TOP);
        g.fillText(title, left, top);
        double zeroY = plotTop + plotHeight / 2;
        g.setStroke(theme.axis());
        g.strokeLine(left, zeroY, left + width, zeroY);
        double barWidth = width / values.length;
        for (int c = 0; c < values.length; c++) {
            double h = values[c] / max * plotHeight / 2;
            boolean pruned = markPruned && Math.abs(values[c]) < threshold;
            g.setFill(pruned ? PRUNED : colour);
            g.fillRect(left + c * barWidth, h >= 0 ? zeroY - h : zeroY, Math.max(1, barWidth - 1), Math.abs(h));
        }
        g.setFill(theme.mutedInk());
        g.setTextAlign(TextAlignment.RIGHT);
        g.setTextBaseline(VPos.CENTER);
        g.fillText(String.format(Locale.ROOT, "%.3g", max), left - 4, plotTop);
        g.fillText(String.format(Locale.ROOT, "%.3g", -max), left - 4, plotTop + plotHeight);
    }
}
