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
 */
public record NetworkGraph(String modelType, List<LayerNode> nodes, List<String> outputs,
                           boolean inputShapeAssumed) {
    public NetworkGraph {
        nodes = List.copyOf(nodes);
        outputs = List.copyOf(outputs);
    }

    public long totalParams() {
        return nodes.stream().mapToLong(LayerNode::paramCount).sum();
    }

    public long totalMacs() {
        return nodes.stream().mapToLong(LayerNode::macs).sum();
    }

    /** Fraction of exact zeros over all parameters. */
    public double sparsity() {
        long count = 0;
        long zeros = 0;
        for (LayerNode n : nodes) {
            for (ParamTensor p : n.params()) {
                count += p.stats().count();
                zeros += p.stats().zeros();
            }
        }
        return count == 0 ? 0 : (double) zeros / count;
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
