package dev.shears.onnx;

import dev.shears.model.NetworkGraph;
import dev.shears.model.TensorShape;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An ONNX model seen as a {@link NetworkGraph}, with what later surgery needs to go back to the
 * file: which tensor holds each parameter and how it is laid out.
 *
 * @param tensorShapes inferred shape of every tensor, with the batch axis (batch 1); absent when unknown
 */
public record OnnxNetwork(OnnxModel model, NetworkGraph graph, List<ParamBinding> bindings,
                          Map<String, TensorShape> tensorShapes) {
    public OnnxNetwork {
        bindings = List.copyOf(bindings);
        tensorShapes = Collections.unmodifiableMap(new LinkedHashMap<>(tensorShapes));
    }

    public Optional<ParamBinding> binding(String node, String key) {
        return bindings.stream().filter(b -> b.node().equals(node) && b.key().equals(key)).findFirst();
    }

    /** The values of a node's parameter as stored in the file (see {@link ParamBinding#layout()}). */
    public float[] storedValues(String node, String key) throws OnnxFormatException {
        ParamBinding binding = binding(node, key).orElseThrow(() -> new IllegalArgumentException(
                "node " + node + " has no parameter " + key));
        return model.floats(binding.tensor());
    }
}
