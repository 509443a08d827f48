package dev.shears.analysis;

import dev.shears.model.LayerNode;
import dev.shears.model.NetworkGraph;
import dev.shears.model.ParamTensor;
import dev.shears.model.TensorShape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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

        /**
         * The tensor a difference is drawn from, as the weights view draws a layer: its weights W (or
         * depthwise / pointwise W), else its first tensor; empty for a layer without parameters.
         */
        public Optional<ParamTensor> drawnTensor() {
            return first.or(() -> second).flatMap(ModelComparison::drawnTensor);
        }

        /**
         * Why B − A cannot be taken element by element for this layer, in a sentence naming the models
         * ({@code firstName} is A, {@code secondName} is B); empty when it can ({@link #sameParamShapes()}).
         */
        public Optional<String> whyNoDifference(String firstName, String secondName) {
            if (sameParamShapes()) {
                return Optional.empty();
            }
            if (first.isEmpty() || second.isEmpty()) {
                return Optional.of(name + " is only in " + (first.isEmpty() ? secondName : firstName)
                        + ": there is nothing to subtract.");
            }
            LayerNode a = first.get();
            LayerNode b = second.get();
            if (!a.hasParams() && !b.hasParams()) {
                return Optional.of(name + " has no weights.");
            }
            List<String> keysA = a.params().stream().map(ParamTensor::key).toList();
            List<String> keysB = b.params().stream().map(ParamTensor::key).toList();
            if (!keysA.equals(keysB)) {
                return Optional.of(String.format(Locale.ROOT, "%s holds %s in %s and %s in %s: no element-wise"
                        + " difference.", name, keysB.isEmpty() ? "no parameters" : String.join(", ", keysB),
                        secondName, keysA.isEmpty() ? "none" : String.join(", ", keysA), firstName));
            }
            ParamTensor drawn = ModelComparison.drawnTensor(a).orElseThrow();
            List<ParamTensor> ordered = new ArrayList<>(a.params());
            ordered.remove(drawn);
            ordered.add(0, drawn); // the drawn tensor's shapes say it best
            for (ParamTensor tensorA : ordered) {
                ParamTensor tensorB = b.params().get(keysB.indexOf(tensorA.key()));
                if (!tensorA.shape().equals(tensorB.shape())) {
                    return Optional.of(describeShapes(tensorA, tensorB, firstName, secondName)
                            + ": no element-wise difference.");
                }
            }
            return Optional.of(name + " has parameters of other shapes in the two models: no element-wise"
                    + " difference.");
        }

        /** "conv2 has 25 filters in B and 50 in A", or the two shapes when no single axis says it. */
        private String describeShapes(ParamTensor a, ParamTensor b, String firstName, String secondName) {
            long[] da = a.shape().dims();
            long[] db = b.shape().dims();
            if (da.length == db.length && a.isWeight() && (da.length == 4 || da.length == 2)) {
                // conv W [out, in, kH, kW]; dense W [in, out] (the graph's layout)
                String[] axes = da.length == 4 ? new String[] {"filters", "input channels", "kernel rows",
                        "kernel columns"} : new String[] {"inputs", "neurons"};
                List<String> parts = new ArrayList<>();
                int[] order = da.length == 4 ? new int[] {0, 1, 2, 3} : new int[] {1, 0};
                for (int axis : order) {
                    if (da[axis] != db[axis]) {
                        parts.add(String.format(Locale.ROOT, "%d %s in %s and %d in %s", db[axis], axes[axis],
                                secondName, da[axis], firstName));
                    }
                }
                return name + " has " + String.join(", and ", parts);
            }
            return String.format(Locale.ROOT, "%s's %s is %s in %s and %s in %s", name, a.key(), b.shape(),
                    secondName, a.shape(), firstName);
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

    /** The weights W of a layer (or depthwise / pointwise W), else its first tensor; empty without parameters. */
    public static Optional<ParamTensor> drawnTensor(LayerNode node) {
        if (node.params().isEmpty()) {
            return Optional.empty();
        }
        return node.params().stream().filter(ParamTensor::isWeight).findFirst()
                .or(() -> Optional.of(node.params().get(0)));
    }

    /** The rows that differ, in order. */
    public List<Row> changed() {
        return rows.stream().filter(r -> r.change() != Change.SAME).toList();
    }
}
