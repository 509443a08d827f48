package dev.shears.ui.layers;

import dev.shears.model.LayerNode;
import dev.shears.model.NetworkGraph;
import java.util.List;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The layer tree's state: the graph shown, the search text, the rows derived from both, and the
 * selected node. Selection survives filtering and is cleared when another model is shown; a layer chosen
 * in a model's outline stays chosen when the loaded model replaces it.
 */
public final class LayerTableViewModel {
    private final ObjectProperty<NetworkGraph> graph = new SimpleObjectProperty<>(this, "graph");
    private final StringProperty filter = new SimpleStringProperty(this, "filter", "");
    private final ReadOnlyObjectWrapper<List<LayerRow>> rows = new ReadOnlyObjectWrapper<>(this, "rows", List.of());
    private final ReadOnlyObjectWrapper<LayerNode> selected = new ReadOnlyObjectWrapper<>(this, "selected");
    private final ObjectProperty<java.util.Map<String, Double>> keptShares =
            new javafx.beans.property.SimpleObjectProperty<>(this, "keptShares", java.util.Map.of());
    private final ObjectProperty<java.util.Set<String>> overridden =
            new javafx.beans.property.SimpleObjectProperty<>(this, "overridden", java.util.Set.of());
    private final ObjectProperty<java.util.Set<String>> coupled =
            new javafx.beans.property.SimpleObjectProperty<>(this, "coupled", java.util.Set.of());
    private final ObjectProperty<java.util.function.BiFunction<String, Double, java.util.Optional<String>>> keepEditor =
            new javafx.beans.property.SimpleObjectProperty<>(this, "keepEditor");

    public LayerTableViewModel() {
        graph.addListener((obs, old, g) -> {
            selected.set(g == null ? null : sameNetwork(old, g) ? sameNode(selected.get(), g) : firstWithParams(g));
            rebuild();
        });
        filter.addListener((obs, old, f) -> rebuild());
    }

    /** A new model opens on its first layer with parameters, so the details panel is never empty. */
    private static LayerNode firstWithParams(NetworkGraph g) {
        return g.nodes().stream().filter(LayerNode::hasParams).findFirst().orElse(null);
    }

    /** The same network read further: an outline followed by the loaded model (same nodes, in order). */
    private static boolean sameNetwork(NetworkGraph before, NetworkGraph after) {
        return before != null && !before.weightsRead() && after.weightsRead()
                && before.nodes().stream().map(LayerNode::name).toList()
                .equals(after.nodes().stream().map(LayerNode::name).toList());
    }

    /** {@code node}'s counterpart in {@code g}: a layer chosen in the outline stays chosen when the model arrives. */
    private static LayerNode sameNode(LayerNode node, NetworkGraph g) {
        return node == null ? null : g.node(node.name()).orElse(null);
    }

    private void rebuild() {
        NetworkGraph g = graph.get();
        rows.set(g == null ? List.of() : LayerTreeBuilder.build(g, filter.get()));
    }

    /** Selects the node with this name, or clears the selection for null / a group row. */
    public void select(LayerNode node) {
        selected.set(node);
    }

    /** Per layer name, the share it keeps under the pruning choice (the Keep % column); empty map: none. */
    public ObjectProperty<java.util.Map<String, Double>> keptSharesProperty() {
        return keptShares;
    }

    /** Layers with their own ratio, shown in bold. */
    public ObjectProperty<java.util.Set<String>> overriddenProperty() {
        return overridden;
    }

    /** Layers coupled with the selected one (same channel group), highlighted. */
    public ObjectProperty<java.util.Set<String>> coupledProperty() {
        return coupled;
    }

    /**
     * Called when the user types a Keep % for a layer (NaN clears it); returns why it was refused, if
     * it was. Null: the column is read-only.
     */
    public ObjectProperty<java.util.function.BiFunction<String, Double, java.util.Optional<String>>> keepEditorProperty() {
        return keepEditor;
    }

    public ObjectProperty<NetworkGraph> graphProperty() {
        return graph;
    }

    public StringProperty filterProperty() {
        return filter;
    }

    public ReadOnlyObjectProperty<List<LayerRow>> rowsProperty() {
        return rows.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<LayerNode> selectedProperty() {
        return selected.getReadOnlyProperty();
    }
}
