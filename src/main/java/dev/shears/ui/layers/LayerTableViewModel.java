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
 * selected node. Selection survives filtering and is cleared when another model is shown.
 */
public final class LayerTableViewModel {
    private final ObjectProperty<NetworkGraph> graph = new SimpleObjectProperty<>(this, "graph");
    private final StringProperty filter = new SimpleStringProperty(this, "filter", "");
    private final ReadOnlyObjectWrapper<List<LayerRow>> rows = new ReadOnlyObjectWrapper<>(this, "rows", List.of());
    private final ReadOnlyObjectWrapper<LayerNode> selected = new ReadOnlyObjectWrapper<>(this, "selected");

    public LayerTableViewModel() {
        graph.addListener((obs, old, g) -> {
            selected.set(g == null ? null : firstWithParams(g));
            rebuild();
        });
        filter.addListener((obs, old, f) -> rebuild());
    }

    /** A new model opens on its first layer with parameters, so the details panel is never empty. */
    private static LayerNode firstWithParams(NetworkGraph g) {
        return g.nodes().stream().filter(LayerNode::hasParams).findFirst().orElse(null);
    }

    private void rebuild() {
        NetworkGraph g = graph.get();
        rows.set(g == null ? List.of() : LayerTreeBuilder.build(g, filter.get()));
    }

    /** Selects the node with this name, or clears the selection for null / a group row. */
    public void select(LayerNode node) {
        selected.set(node);
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
