package dev.shears.ui.tune;

import dev.shears.eval.tune.GammaMagnitudes;
import java.util.Locale;
import javafx.beans.value.ObservableValue;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;

/**
 * A live histogram of |γ| over every BatchNorm scale of the network being trained. The bins are fixed
 * at the first snapshot of a run (0 to its largest |γ|), so values moving towards zero under
 * Network Slimming's penalty show as bars shifting left rather than as rescaled axes.
 */
final class GammaHistogram {
    static final int BINS = 20;
    private final BarChart<String, Number> chart;
    private final XYChart.Series<String, Number> series = new XYChart.Series<>();
    private double upper;

    GammaHistogram(ObservableValue<GammaMagnitudes> gammas) {
        CategoryAxis x = new CategoryAxis();
        x.setLabel("|γ|");
        x.setAnimated(false);
        NumberAxis y = new NumberAxis();
        y.setLabel("BatchNorm scales");
        y.setAnimated(false);
        chart = new BarChart<>(x, y);
        chart.setId("tuneGammaChart");
        chart.setAnimated(false);
        chart.setLegendVisible(false);
        chart.setBarGap(0);
        chart.setCategoryGap(1);
        chart.getData().add(series);
        gammas.addListener((obs, old, now) -> show(now, old == null));
        show(gammas.getValue(), true);
    }

    BarChart<String, Number> node() {
        return chart;
    }

    private void show(GammaMagnitudes g, boolean newRun) {
        if (g == null || g.count() == 0) {
            series.getData().clear();
            chart.setTitle("BatchNorm |γ| (while training)");
            upper = 0;
            return;
        }
        if (newRun || upper <= 0) {
            upper = g.max() > 0 ? g.max() : 1;
        }
        int[] counts = g.histogram(BINS, upper);
        if (newRun || series.getData().size() != BINS) {
            // new bins: new categories
            series.getData().clear();
            for (int i = 0; i < BINS; i++) {
                series.getData().add(new XYChart.Data<>(label(i), counts[i]));
            }
        } else {
            for (int i = 0; i < BINS; i++) {
                series.getData().get(i).setYValue(counts[i]);
            }
        }
        chart.setTitle(String.format(Locale.ROOT, "BatchNorm |γ|: Σ %.1f, %d of %d < %.2g", g.sum(),
                g.countBelow(upper / BINS), g.count(), upper / BINS));
    }

    private String label(int bin) {
        return String.format(Locale.ROOT, "%.2f", bin * upper / BINS);
    }
}
