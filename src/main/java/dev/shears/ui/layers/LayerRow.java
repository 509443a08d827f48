package dev.shears.ui.layers;

import dev.shears.model.LayerNode;
import java.util.List;

/**
 * One row of the layer tree: a network node, or a group of consecutive nodes sharing a name prefix
 * (e.g. the layers of "block2") with summed params and MACs.
 *
 * @param node     the node, or null for a group row
 * @param share    fraction of the model's parameters
 * @param sparsity fraction of exact zeros among the row's parameters; NaN while the weights are not read
 */
public record LayerRow(String name, String type, String outputShape, long params, long macs, double share,
                       double sparsity, LayerNode node, List<LayerRow> children) {
    public LayerRow {
        children = List.copyOf(children);
    }

    public boolean isGroup() {
        return node == null;
    }
}
