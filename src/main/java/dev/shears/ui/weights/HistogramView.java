package dev.shears.ui.weights;

import dev.shears.analysis.Formats;
import dev.shears.analysis.Histogram;
import java.util.Locale;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.geometry.VPos;
import javafx.scene.Cursor;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.TextAlignment;

/**
 * A weight histogram on a canvas with the magnitude threshold drawn as two cut lines at ±t. Bars
 * inside the cut (|w| &lt; t, pruned) are grey. Dragging anywhere on the plot sets t to the |value|
 * under the mouse, so the cut lines follow the pointer.
 */
public final class HistogramView extends Region {
    static final double LEFT = 56;
    static final double RIGHT = 12;
    static final double TOP = 22;
    static final double BOTTOM = 26;
    private static final Color KEPT = Color.web("#2f6fb3");
    private static final Color PRUNED = Color.web("#b9bec6");
    private static final Color CUT = Color.web("#d1495b");
    private static final Color BEFORE = Color.web("#e08a00");

    private final Canvas canvas = new Canvas();
    private final ObjectProperty<Histogram> histogram = new SimpleObjectProperty<>(this, "histogram");
    private final ObjectProperty<Histogram> before = new SimpleObjectProperty<>(this, "before");
    private final DoubleProperty threshold = new SimpleDoubleProperty(this, "threshold", 0);
    private final BooleanProperty logCounts = new SimpleBooleanProperty(this, "logCounts", false);
    private final String title;

    public HistogramView(String title) {
        this.title = title;
        getChildren().add(canvas);
        setMinSize(200, 120);
        histogram.addListener(o -> draw());
        before.addListener(o -> draw());
        threshold.addListener(o -> draw());
        logCounts.addListener(o -> draw());
        dev.shears.ui.LineWidths.scaleProperty().addListener(new javafx.beans.WeakInvalidationListener(redrawOnScale));
        dev.shears.ui.Themes.currentProperty().addListener(new javafx.beans.WeakInvalidationListener(redrawOnScale));
        canvas.setOnMousePressed(e -> dragTo(e.getX()));
        canvas.setOnMouseDragged(e -> dragTo(e.getX()));
        canvas.setOnMouseMoved(e -> canvas.setCursor(nearCut(e.getX()) ? Cursor.H_RESIZE : Cursor.CROSSHAIR));
    }

    @Override
    protected void layoutChildren() {
        canvas.setWidth(getWidth());
        canvas.setHeight(getHeight());
        draw();
    }

    private void dragTo(double x) {
        Histogram h = histogram.get();
        if (h != null && h.high() > h.low()) {
            threshold.set(Math.abs(valueAt(x)));
        }
    }

    private boolean nearCut(double x) {
        Histogram h = histogram.get();
        double t = threshold.get();
        return h != null && (Math.abs(x - xOf(t)) < 5 || Math.abs(x - xOf(-t)) < 5);
    }

    /** Canvas x of a weight value (also used by tests to find the cut line). */
    public double xOf(double value) {
        Histogram h = histogram.get();
        if (h == null) {
            return LEFT;
        }
        double plotWidth = Math.max(1, getWidth() - LEFT - RIGHT);
        return LEFT + (value - h.low()) / (h.high() - h.low()) * plotWidth;
    }

    private double valueAt(double x) {
        Histogram h = histogram.get();
        double plotWidth = Math.max(1, getWidth() - LEFT - RIGHT);
        double clamped = Math.max(LEFT, Math.min(LEFT + plotWidth, x));
        return h.low() + (clamped - LEFT) / plotWidth * (h.high() - h.low());
    }

    /** Held here: the static scale and theme hold it only weakly, so a closed view is not kept alive. */
    private final javafx.beans.InvalidationListener redrawOnScale = o -> draw();

    private void draw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth();
        double ht = canvas.getHeight();
        g.clearRect(0, 0, w, ht);
        // presentation mode: labels drawn here grow with the lines (the scene's fonts grow through CSS)
        boolean presenting = dev.shears.ui.LineWidths.scaleProperty().get() > 1;
        g.setFont(javafx.scene.text.Font.font(javafx.scene.text.Font.getDefault().getSize() * (presenting ? 1.5 : 1)));
        dev.shears.ui.Theme theme = dev.shears.ui.Themes.current();
        g.setFill(theme.ink());
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.TOP);
        g.fillText(title + (logCounts.get() ? " (log counts)" : ""), LEFT, 4);
        Histogram h = histogram.get();
        if (h == null || w <= LEFT + RIGHT || ht <= TOP + BOTTOM) {
            return;
        }
        double plotW = w - LEFT - RIGHT;
        double plotH = ht - TOP - BOTTOM;
        Histogram b = before.get() != null && before.get().bins() == h.bins() ? before.get() : null;
        double max = scaled(Math.max(h.maxCount(), b == null ? 0 : b.maxCount()));
        double t = threshold.get();
        double barW = plotW / h.bins();
        for (int i = 0; i < h.bins(); i++) {
            double center = h.low() + (i + 0.5) * h.binWidth();
            double barH = max == 0 ? 0 : scaled(h.counts()[i]) / max * plotH;
            g.setFill(Math.abs(center) < t ? PRUNED : KEPT);
            g.fillRect(LEFT + i * barW, TOP + plotH - barH, Math.max(1, barW - 0.5), barH);
        }
        if (b != null) {
            // before pruning: an outline over the bars, so both shapes stay readable
            g.setStroke(BEFORE);
            g.setLineWidth(dev.shears.ui.LineWidths.of(1.5));
            double y0 = TOP + plotH;
            g.beginPath();
            g.moveTo(LEFT, y0);
            for (int i = 0; i < b.bins(); i++) {
                double y = y0 - (max == 0 ? 0 : scaled(b.counts()[i]) / max * plotH);
                g.lineTo(LEFT + i * barW, y);
                g.lineTo(LEFT + (i + 1) * barW, y);
            }
            g.lineTo(LEFT + plotW, y0);
            g.stroke();
            g.setFill(BEFORE);
            g.setTextAlign(TextAlignment.RIGHT);
            g.setTextBaseline(VPos.TOP);
            g.fillText("outline: before pruning (" + Formats.count(b.total()) + ")  ·  bars: now ("
                    + Formats.count(h.total()) + ")", w - RIGHT, 4);
        }
        g.setStroke(theme.axis());
        g.setLineWidth(dev.shears.ui.LineWidths.of(1));
        g.strokeLine(LEFT, TOP + plotH + 0.5, LEFT + plotW, TOP + plotH + 0.5);
        g.strokeLine(LEFT - 0.5, TOP, LEFT - 0.5, TOP + plotH);
        g.setFill(presenting ? theme.ink() : theme.mutedInk()); // presentation: full contrast for the room
        g.setTextBaseline(VPos.TOP);
        for (double v : new double[] {h.low(), 0, h.high()}) {
            g.setTextAlign(v == h.low() ? TextAlignment.LEFT : v == h.high() ? TextAlignment.RIGHT
                    : TextAlignment.CENTER);
            g.fillText(number(v), xOf(v), TOP + plotH + 4);
        }
        g.setTextAlign(TextAlignment.RIGHT);
        g.setTextBaseline(VPos.CENTER);
        g.fillText(Formats.count(h.maxCount()), LEFT - 6, TOP + 4);
        g.fillText("0", LEFT - 6, TOP + plotH);
        if (t > 0) {
            g.setStroke(CUT);
            g.setLineWidth(dev.shears.ui.LineWidths.of(2));
            for (double x : new double[] {xOf(-t), xOf(t)}) {
                g.strokeLine(x, TOP, x, TOP + plotH);
            }
            g.setFill(CUT);
            g.setTextAlign(TextAlignment.LEFT);
            g.setTextBaseline(VPos.TOP);
            g.fillText("±" + number(t), Math.min(xOf(t) + 4, w - 70), TOP);
        }
    }

    private double scaled(long count) {
        return logCounts.get() ? Math.log10(1 + count) : count;
    }

    private static String number(double v) {
        return String.format(Locale.ROOT, "%.3g", v);
    }

    /** The same weights before pruning, drawn as an outline on the same bins; null: none. */
    public ObjectProperty<Histogram> beforeProperty() {
        return before;
    }

    public ObjectProperty<Histogram> histogramProperty() {
        return histogram;
    }

    public DoubleProperty thresholdProperty() {
        return threshold;
    }

    public BooleanProperty logCountsProperty() {
        return logCounts;
    }

    Canvas canvas() {
        return canvas;
    }
}
