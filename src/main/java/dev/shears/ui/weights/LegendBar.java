package dev.shears.ui.weights;

import dev.shears.analysis.heatmap.ColorLegend;
import dev.shears.analysis.heatmap.ThresholdSummary;
import java.util.Locale;
import javafx.geometry.Pos;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.paint.CycleMethod;
import javafx.scene.paint.LinearGradient;
import javafx.scene.paint.Stop;
import javafx.scene.shape.Rectangle;
import javafx.scene.text.TextAlignment;

/**
 * A heatmap's colour scale with tick values, and the kept / pruned counts with the pruned swatch (or a note):
 * the weights' heatmap, the 3D surface and the compare window's B − A draw their scales with it, so they read
 * alike.
 */
public final class LegendBar extends HBox {
    private static final double BAR_HEIGHT = 12;
    private final Canvas canvas = new Canvas(300, 30);
    private final Rectangle prunedSwatch = new Rectangle(12, 12);
    private final Label counts = new Label();
    private ColorLegend legend;

    LegendBar() {
        this("heatmap");
    }

    /** @param owner prefix of the ids: {@code ownerLegend}, {@code ownerCounts} */
    public LegendBar(String owner) {
        setId(owner + "Legend");
        setSpacing(8);
        setAlignment(Pos.CENTER_LEFT);
        counts.setId(owner + "Counts");
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        getChildren().addAll(canvas, spacer, prunedSwatch, counts);
        prunedSwatch.setVisible(false);
        dev.shears.ui.Themes.currentProperty().addListener(new javafx.beans.WeakInvalidationListener(redraw));
    }

    /** Held here: the theme's property holds it only weakly. */
    private final javafx.beans.InvalidationListener redraw = o -> draw();

    void show(ColorLegend newLegend, ThresholdSummary threshold) {
        legend = newLegend;
        draw();
        prunedSwatch.setFill(argb(newLegend.prunedArgb()));
        prunedSwatch.setVisible(threshold != null);
        counts.setText(threshold == null ? "no threshold: nothing marked as pruned"
                : HeatmapView.countsText(threshold));
    }

    /** The scale alone, with a note instead of counts (the 3D surface's and the difference's legends). */
    public void showScale(ColorLegend newLegend, String note, boolean prunedShown) {
        legend = newLegend;
        draw();
        prunedSwatch.setFill(argb(newLegend.prunedArgb()));
        prunedSwatch.setVisible(prunedShown);
        counts.setText(note);
    }

    private void draw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth();
        g.clearRect(0, 0, w, canvas.getHeight());
        if (legend == null) {
            return;
        }
        double left = 6;
        double barWidth = w - 12;
        Stop[] stops = legend.gradient().stream().map(s -> new Stop(s.offset(), argb(s.argb()))).toArray(Stop[]::new);
        g.setFill(new LinearGradient(left, 0, left + barWidth, 0, false, CycleMethod.NO_CYCLE, stops));
        g.fillRect(left, 0, barWidth, BAR_HEIGHT);
        dev.shears.ui.Theme theme = dev.shears.ui.Themes.current();
        g.setStroke(theme.axis());
        g.strokeRect(left, 0, barWidth, BAR_HEIGHT);
        g.setFill(theme.mutedInk());
        g.setTextBaseline(VPos.TOP);
        // the ends of the scale always labelled, the ticks between where they fit (small differences print long:
        // -0.0292)
        javafx.scene.text.Text measure = new javafx.scene.text.Text();
        measure.setFont(g.getFont());
        java.util.List<ColorLegend.Tick> ticks = legend.ticks();
        double lastStart = ticks.isEmpty() ? 0 : labelStart(ticks.get(ticks.size() - 1), left, barWidth, measure);
        double lastLabelEnd = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < ticks.size(); i++) {
            ColorLegend.Tick tick = ticks.get(i);
            boolean end = i == 0 || i == ticks.size() - 1;
            double start = labelStart(tick, left, barWidth, measure);
            double width = measure.getLayoutBounds().getWidth();
            if (!end && (start < lastLabelEnd + 4 || start + width + 4 > lastStart)) {
                continue;
            }
            lastLabelEnd = start + width;
            double x = left + tick.offset() * barWidth;
            g.strokeLine(x, BAR_HEIGHT, x, BAR_HEIGHT + 3);
            g.setTextAlign(alignment(tick));
            g.fillText(label(tick), x, BAR_HEIGHT + 3);
        }
    }

    private static String label(ColorLegend.Tick tick) {
        return String.format(Locale.ROOT, "%.3g", tick.value());
    }

    private static TextAlignment alignment(ColorLegend.Tick tick) {
        return tick.offset() < 0.05 ? TextAlignment.LEFT : tick.offset() > 0.95 ? TextAlignment.RIGHT
                : TextAlignment.CENTER;
    }

    /** Where the tick's label starts on the canvas; {@code measure} is left holding the label. */
    private static double labelStart(ColorLegend.Tick tick, double left, double barWidth,
                                     javafx.scene.text.Text measure) {
        measure.setText(label(tick));
        double width = measure.getLayoutBounds().getWidth();
        double x = left + tick.offset() * barWidth;
        return switch (alignment(tick)) {
            case LEFT -> x;
            case RIGHT -> x - width;
            default -> x - width / 2;
        };
    }

    private static Color argb(int argb) {
        return Color.rgb((argb >> 16) & 0xff, (argb >> 8) & 0xff, argb & 0xff, ((argb >>> 24) & 0xff) / 255.0);
    }
}
