package dev.shears.analysis;

import dev.shears.model.LayerNode;
import dev.shears.model.NetworkGraph;
import dev.shears.model.TensorShape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Two models side by side, layer by layer (matched by name): output shape, parameters, MACs and sparsity of
 * each, and what changed — what a pruning step did to a model, or how two versions of a network differ.
 *
 * @param rows the first model's layers in its order, then the layers only the second has
 */
public record ModelComparison(NetworkGraph first, NetworkGraph second, List<Row> rows) {
    /** How a layer differs. */
    public enum Change {
        SAME("same"),
        CHANGED("changed"),
        ONLY_IN_FIRST("only in the first"),
        ONLY_IN_SECOND("only in the second");

        private final String label;

        Change(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** One layer in both models; a side where the layer is missing is empty. */
    /** @param typeName the layer's kind as the layer tree shows it (Conv2D, Dense, …) */
    public record Row(String name, String typeName, Optional<LayerNode> first, Optional<LayerNode> second) {
        public Change change() {
            if (first.isEmpty()) {
                return Change.ONLY_IN_SECOND;
            }
            if (second.isEmpty()) {
                return Change.ONLY_IN_FIRST;
            }
            LayerNode a = first.get();
            LayerNode b = second.get();
            boolean same = a.outputShape().equals(b.outputShape()) && a.paramCount() == b.paramCount()
                    && a.macs() == b.macs() && a.sparsity() == b.sparsity() && a.typeName().equals(b.typeName());
            return same ? Change.SAME : Change.CHANGED;
        }

        /** Both sides hold parameter tensors of the same shapes: their values can be subtracted. */
        public boolean sameParamShapes() {
            if (first.isEmpty() || second.isEmpty() || !first.get().hasParams()) {
                return false;
            }
            var a = first.get().params();
            var b = second.get().params();
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!a.get(i).key().equals(b.get(i).key()) || !a.get(i).shape().equals(b.get(i).shape())) {
                    return false;
                }
            }
            return true;
        }

        public TensorShape firstShape() {
            return first.map(LayerNode::outputShape).orElse(TensorShape.UNKNOWN);
        }

        public TensorShape secondShape() {
            return second.map(LayerNode::outputShape).orElse(TensorShape.UNKNOWN);
        }
    }

    public ModelComparison {
        rows = List.copyOf(rows);
    }

    public static ModelComparison of(NetworkGraph first, NetworkGraph second) {
        Map<String, LayerNode> others = new LinkedHashMap<>();
        second.nodes().forEach(n -> others.put(n.name(), n));
        List<Row> rows = new ArrayList<>();
        for (LayerNode a : first.nodes()) {
            LayerNode b = others.remove(a.name());
            rows.add(new Row(a.name(), a.kind().displayName(), Optional.of(a), Optional.ofNullable(b)));
        }
        others.values().forEach(b -> rows.add(new Row(b.name(), b.kind().displayName(), Optional.empty(),
                Optional.of(b))));
        return new ModelComparison(first, second, rows);
    }

    /** The rows that differ, in order. */
    public List<Row> changed() {
        return rows.stream().filter(r -> r.change() != Change.SAME).toList();
    }
}
