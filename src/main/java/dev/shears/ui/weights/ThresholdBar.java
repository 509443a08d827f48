package dev.shears.ui.weights;

import dev.shears.analysis.Formats;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * Slider and numeric field for the selected layer's magnitude threshold, stated as |w| or as the
 * percentage of weights below it, with the exact pruned / kept counts.
 */
public final class ThresholdBar extends VBox {
    private final WeightsViewModel viewModel;
    private final Slider slider = new Slider(0, 1, 0);
    private final TextField field = new TextField();
    private final ComboBox<ThresholdMode> mode = new ComboBox<>();
    private boolean syncing;

    public ThresholdBar(WeightsViewModel viewModel) {
        this.viewModel = viewModel;
        setId("thresholdBar");
        setSpacing(4);
        Label label = new Label("Threshold");
        label.setMinWidth(Region.USE_PREF_SIZE);
        mode.setMinWidth(Region.USE_PREF_SIZE);
        field.setMinWidth(Region.USE_PREF_SIZE);
        slider.setId("thresholdSlider");
        slider.setTooltip(new Tooltip("Weights with |w| below the threshold would be pruned"));
        field.setId("thresholdField");
        field.setPrefColumnCount(8);
        field.setTooltip(new Tooltip("Type a value and press Enter"));
        mode.setId("thresholdMode");
        mode.getItems().setAll(ThresholdMode.values());
        mode.setValue(ThresholdMode.MAGNITUDE);
        mode.setTooltip(new Tooltip("State the threshold as a magnitude or as a share of the layer's weights"));
        Label counts = new Label();
        counts.setId("thresholdCounts");
        counts.textProperty().bind(Bindings.createStringBinding(() -> {
            long pruned = viewModel.prunedCountProperty().get();
            long total = pruned + viewModel.keptCountProperty().get();
            return total == 0 ? "no weights" : String.format(Locale.ROOT, "pruned %s · kept %s of %s (%s)",
                    Formats.exact(pruned), Formats.exact(total - pruned), Formats.exact(total),
                    Formats.percent((double) pruned / total));
        }, viewModel.prunedCountProperty(), viewModel.keptCountProperty()));

        slider.valueProperty().addListener((obs, old, v) -> {
            if (!syncing) {
                apply(v.doubleValue());
            }
        });
        field.setOnAction(e -> {
            try {
                double v = Double.parseDouble(field.getText().replace("%", "").trim());
                apply(mode.getValue() == ThresholdMode.PERCENT_BELOW ? v / 100 : v);
            } catch (NumberFormatException ex) {
                sync();
            }
        });
        field.focusedProperty().addListener((obs, was, focused) -> {
            if (!focused) {
                sync();
            }
        });
        mode.valueProperty().addListener((obs, old, m) -> sync());
        viewModel.thresholdProperty().addListener(o -> sync());
        viewModel.weightsProperty().addListener(o -> sync());
        disableProperty().bind(viewModel.weightsProperty().isNull());
        HBox controls = new HBox(8, label, mode, field, counts);
        controls.setAlignment(Pos.CENTER_LEFT);
        getChildren().addAll(controls, slider);
        sync();
    }

    /** Slider and field values are magnitudes in MAGNITUDE mode and fractions in [0, 1] otherwise. */
    private void apply(double value) {
        if (mode.getValue() == ThresholdMode.PERCENT_BELOW) {
            viewModel.setPercentBelow(value);
        } else {
            viewModel.thresholdProperty().set(Math.max(0, value));
        }
    }

    private void sync() {
        syncing = true;
        try {
            LayerWeights w = viewModel.weightsProperty().get();
            double t = viewModel.thresholdProperty().get();
            if (mode.getValue() == ThresholdMode.PERCENT_BELOW) {
                slider.setMax(1);
                slider.setValue(viewModel.percentBelow());
                field.setText(String.format(Locale.ROOT, "%.2f %%", viewModel.percentBelow() * 100));
            } else {
                slider.setMax(w == null ? 1 : Math.max(1e-12, w.magnitudes().maxMagnitude()));
                slider.setValue(t);
                field.setText(String.format(Locale.ROOT, "%.5g", t));
            }
        } finally {
            syncing = false;
        }
    }
}
