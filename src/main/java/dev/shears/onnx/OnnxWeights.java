package dev.shears.onnx;

import dev.shears.model.LayerNode;
import dev.shears.model.ParamTensor;
import dev.shears.pruning.ParamValues;
import dev.shears.pruning.Weights;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link Weights} read from an ONNX model through its {@link ParamBinding}s, in the DL4J layout the
 * graph reports (a transposed Gemm B is transposed back, a depthwise kernel is read as
 * [kH, kW, C, m]), so every criterion that needs only weights ranks ONNX channels as DL4J ones.
 * Values are decoded once per parameter and then served as copies.
 */
public final class OnnxWeights implements Weights {
    private record Key(String layer, String param) {
    }

    private final OnnxNetwork network;
    private final Map<Key, ParamValues> cache = new ConcurrentHashMap<>();

    public OnnxWeights(OnnxNetwork network) {
        this.network = network;
    }

    @Override
    public ParamValues get(String layer, String param) {
        ParamValues values = cache.computeIfAbsent(new Key(layer, param), k -> read(layer, param));
        return new ParamValues(values.shape().clone(), values.values().clone());
    }

    private ParamValues read(String layer, String param) {
        ParamBinding binding = network.binding(layer, param).orElseThrow(() -> new IllegalArgumentException(
                "layer " + layer + " has no parameter " + param));
        LayerNode node = network.graph().node(layer).orElseThrow();
        long[] shape = node.params().stream().filter(p -> p.key().equals(param)).findFirst()
                .map(ParamTensor::shape).orElseThrow().dims();
        float[] stored;
        try {
            stored = network.model().floats(binding.tensor());
        } catch (OnnxFormatException e) {
            throw new UncheckedIOException(e);
        }
        int[] storedIndex = StoredLayouts.storedIndexOf(binding.layout(), shape);
        float[] data = new float[storedIndex.length];
        for (int i = 0; i < data.length; i++) {
            data[i] = stored[storedIndex[i]];
        }
        return new ParamValues(shape, data);
    }
}
