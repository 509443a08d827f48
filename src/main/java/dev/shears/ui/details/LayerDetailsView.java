package dev.shears.ui.details;

import dev.shears.analysis.Formats;
import dev.shears.model.LayerNode;
import dev.shears.model.ParamTensor;
import dev.shears.ui.Styles;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * Details of the selected node: what it is, its shapes and costs, and one card per parameter
 * tensor (weights first) with shape, count, min, max, mean, std and sparsity.
 */
public final class LayerDetailsView extends ScrollPane {
    /** What the statistics say while the weights are read. */
    static final String READING = "reading the weights…";

    private static final String TENSOR_CARD = "tensor-card";
    private final Label title = new Label();
    private final Label subtitle = new Label();
    private final GridPane properties = new GridPane();
    private final Label tensorsTitle = new Label("Parameter tensors");
    private final VBox tensorCards = new VBox(10);

    private final Label channel = new Label();

    public LayerDetailsView(ReadOnlyObjectProperty<LayerNode> selected) {
        this(selected, new javafx.beans.property.SimpleStringProperty(""));
    }

    /** @param channelText the filter/neuron clicked in the heatmap, described; "" when none */
    public LayerDetailsView(ReadOnlyObjectProperty<LayerNode> selected,
                            javafx.beans.value.ObservableValue<String> channelText) {
        setId("detailsPane");
        setFitToWidth(true);
        title.setId("detailsTitle");
        title.getStyleClass().add(Styles.SECTION_TITLE);
        subtitle.setId("detailsSubtitle");
        subtitle.getStyleClass().add(Styles.MUTED);
        subtitle.setWrapText(true);
        properties.setHgap(12);
        properties.setVgap(4);
        tensorsTitle.getStyleClass().add(Styles.SECTION_TITLE);
        channel.setId("detailsChannel");
        channel.setWrapText(true);
        channel.getStyleClass().add(TENSOR_CARD);
        channel.textProperty().bind(channelText.map(t -> t.isEmpty() ? "" : "Heatmap selection — " + t));
        channel.visibleProperty().bind(channel.textProperty().isNotEmpty());
        channel.managedProperty().bind(channel.visibleProperty());
        VBox content = new VBox(8, title, subtitle, properties, channel, tensorsTitle, tensorCards);
        content.getStyleClass().add("details-pane");
        VBox.setVgrow(tensorCards, Priority.ALWAYS);
        setContent(content);
        selected.addListener((obs, old, node) -> show(node));
        show(selected.get());
    }

    private void show(LayerNode node) {
        properties.getChildren().clear();
        tensorCards.getChildren().clear();
        if (node == null) {
            title.setText("No layer selected");
            subtitle.setText("Select a layer in the tree to see its shapes, costs and weight statistics.");
            tensorsTitle.setVisible(false);
            return;
        }
        title.setText(node.name());
        subtitle.setText(node.kind().displayName() + " · " + node.typeName()
                + (node.description().isEmpty() ? "" : " · " + node.description()));
        int row = 0;
        row = property(properties, row, "Inputs", node.inputs().isEmpty() ? "—" : String.join(", ", node.inputs()));
        row = property(properties, row, "Input shape", node.inputShape().toString());
        row = property(properties, row, "Output shape", node.outputShape().toString());
        row = property(properties, row, "Parameters", Formats.exact(node.paramCount()));
        row = property(properties, row, "MACs per example", Formats.exact(node.macs()));
        property(properties, row, "Sparsity", Double.isNaN(node.sparsity()) ? READING : Formats.percent(node.sparsity()));
        tensorsTitle.setVisible(true);
        tensorsTitle.setText(node.hasParams() ? "Parameter tensors" : "No parameter tensors");
        for (ParamTensor p : weightsFirst(node.params())) {
            tensorCards.getChildren().add(card(p));
        }
    }

    private static List<ParamTensor> weightsFirst(List<ParamTensor> params) {
        List<ParamTensor> ordered = new ArrayList<>(params.stream().filter(ParamTensor::isWeight).toList());
        params.stream().filter(p -> !p.isWeight()).forEach(ordered::add);
        return ordered;
    }

    private static VBox card(ParamTensor p) {
        Label heading = new Label(p.key() + "  " + p.shape() + "  ·  " + Formats.exact(p.count()) + " values");
        heading.getStyleClass().add("tensor-heading");
        heading.setTooltip(new Tooltip(tensorHelp(p.key())));
        GridPane grid = new GridPane();
        grid.setHgap(12);
        grid.setVgap(2);
        int row = 0;
        if (!p.stats().isRead()) {
            // the model's outline, shown while its weights are read (decision 0030)
            property(grid, row, "values", READING);
            VBox card = new VBox(4, heading, grid);
            card.setId("tensor-" + p.key());
            card.getStyleClass().add(TENSOR_CARD);
            return card;
        }
        row = property(grid, row, "min", number(p.stats().min()));
        row = property(grid, row, "max", number(p.stats().max()));
        row = property(grid, row, "mean", number(p.stats().mean()));
        row = property(grid, row, "std", number(p.stats().std()));
        property(grid, row, "sparsity", Formats.percent(p.stats().sparsity()) + "  (" + Formats.exact(p.stats().zeros())
                + " zeros)");
        VBox card = new VBox(4, heading, grid);
        card.setId("tensor-" + p.key());
        card.getStyleClass().add(TENSOR_CARD);
        return card;
    }

    private static String tensorHelp(String key) {
        return switch (key) {
            case "W" -> "Weights: conv [out, in, kH, kW], dense [in, out]";
            case "b" -> "Bias, one per output";
            case "gamma" -> "BatchNorm scale γ, one per channel";
            case "beta" -> "BatchNorm shift β, one per channel";
            case "mean" -> "BatchNorm running mean";
            case "var" -> "BatchNorm running variance";
            case "log10stdev" -> "BatchNorm running log10 standard deviation (DL4J's default storage)";
            default -> "Parameter tensor '" + key + "'";
        };
    }

    private static int property(GridPane grid, int row, String key, String value) {
        Label k = new Label(key);
        k.getStyleClass().add(Styles.PROPERTY_KEY);
        Label v = new Label(value);
        v.setId("detail-" + key.toLowerCase(Locale.ROOT).replace(' ', '-'));
        grid.addRow(row, k, v);
        return row + 1;
    }

    private static String number(double v) {
        return String.format(Locale.ROOT, "%.5g", v);
    }
}
