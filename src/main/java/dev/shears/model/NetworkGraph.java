package dev.shears.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Shears' own description of a network: nodes in topological order with their edges, shapes,
 * parameter tensors and costs. Built from a DL4J MultiLayerNetwork or ComputationGraph by
 * {@code io.NetworkGraphReader}; never refers to DL4J types.
 *
 * @param modelType        "MultiLayerNetwork" or "ComputationGraph"
 * @param nodes            in topological order
 * @param outputs          names of the network's output nodes
 * @param inputShapeAssumed true when the input size was not recorded in the file and was guessed
 * @param input            what one example fed to the network looks like (its first input)
 */
public record NetworkGraph(String modelType, List<LayerNode> nodes, List<String> outputs,
                           boolean inputShapeAssumed, ModelInput input) {
    public NetworkGraph {
        nodes = List.copyOf(nodes);
        outputs = List.copyOf(outputs);
    }

    /** A graph whose input is known only by its first node's shape (no image geometry). */
    public NetworkGraph(String modelType, List<LayerNode> nodes, List<String> outputs, boolean inputShapeAssumed) {
        this(modelType, nodes, outputs, inputShapeAssumed, nodes.isEmpty() ? ModelInput.UNKNOWN
                : ModelInput.features(nodes.get(0).outputShape(), inputShapeAssumed));
    }

    /** The shape of one example of the (first) output, without the batch axis. */
    public TensorShape outputShape() {
        return outputs.isEmpty() ? TensorShape.UNKNOWN
                : node(outputs.get(0)).map(LayerNode::outputShape).orElse(TensorShape.UNKNOWN);
    }

    public long totalParams() {
        return nodes.stream().mapToLong(LayerNode::paramCount).sum();
    }

    public long totalMacs() {
        return nodes.stream().mapToLong(LayerNode::macs).sum();
    }

    /** Fraction of exact zeros over all parameters; NaN in an outline (see {@link #weightsRead}). */
    public double sparsity() {
        long count = 0;
        long zeros = 0;
        for (LayerNode n : nodes) {
            for (ParamTensor p : n.params()) {
                if (!p.stats().isRead()) {
                    return Double.NaN;
                }
                count += p.stats().count();
                zeros += p.stats().zeros();
            }
        }
        return count == 0 ? 0 : (double) zeros / count;
    }

    /**
     * False for an outline: the layers, shapes, parameter counts and MACs read from the file's
     * configuration before its weights, whose statistics are not known yet ({@link TensorStats#notRead}).
     */
    public boolean weightsRead() {
        for (LayerNode n : nodes) {
            for (ParamTensor p : n.params()) {
                if (!p.stats().isRead()) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The nodes of one kind, in topological order. */
    public List<LayerNode> nodesOfKind(LayerKind kind) {
        return nodes.stream().filter(n -> n.kind() == kind).toList();
    }

    public Optional<LayerNode> node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst();
    }

    /** Names of the nodes that take the given node's output as an input. */
    public List<String> consumers(String name) {
        List<String> out = new ArrayList<>();
        for (LayerNode n : nodes) {
            if (n.inputs().contains(name)) {
                out.add(n.name());
            }
        }
        return out;
    }

    public Map<String, LayerNode> byName() {
        Map<String, LayerNode> map = new LinkedHashMap<>();
        nodes.forEach(n -> map.put(n.name(), n));
        return map;
    }
}
