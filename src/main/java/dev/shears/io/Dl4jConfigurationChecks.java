package dev.shears.io;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.ZeroPaddingLayer;
import org.deeplearning4j.nn.conf.layers.convolutional.Cropping2D;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * What a DL4J configuration must satisfy before a network is built from it — what DL4J's builders
 * check but its JSON reader does not: layers present, windows and strides positive, paddings not
 * negative, layer widths positive, a floating-point data type, a graph whose inputs, outputs and
 * edges name vertices that exist and that has no cycle. Sizes that contradict each other across
 * layers (a dense layer's nIn against what the layer before it gives) are checked once the input size
 * is known, by {@link InputSizes}.
 */
final class Dl4jConfigurationChecks {
    private Dl4jConfigurationChecks() {
    }

    /** Checks the configuration; returns the parameters its layers take. */
    static long check(Path file, Object configuration) throws ModelLoadException {
        if (configuration instanceof ComputationGraphConfiguration graph) {
            checkGraph(file, graph);
        } else {
            checkLayers(file, (MultiLayerConfiguration) configuration);
        }
        try {
            return Dl4jZip.declaredParams(configuration);
        } catch (RuntimeException e) {
            throw problem(file, "its layers' parameters cannot be counted (a layer lacks a size)", e);
        }
    }

    private static void checkLayers(Path file, MultiLayerConfiguration conf) throws ModelLoadException {
        List<NeuralNetConfiguration> confs = conf.getConfs();
        if (confs == null || confs.isEmpty()) {
            throw problem(file, "it has no layers", null);
        }
        checkDataType(file, conf.getDataType());
        for (int i = 0; i < confs.size(); i++) {
            NeuralNetConfiguration c = confs.get(i);
            if (c == null || c.getLayer() == null) {
                throw problem(file, "layer " + i + " has no description", null);
            }
            checkLayer(file, c.getLayer(), "layer " + i);
        }
        if (conf.getInputPreProcessors() != null) {
            for (Integer index : conf.getInputPreProcessors().keySet()) {
                if (index == null || index < 0 || index >= confs.size()) {
                    throw problem(file, "it has an input preprocessor for layer " + index + ", which does not exist",
                            null);
                }
            }
        }
    }

    private static void checkGraph(Path file, ComputationGraphConfiguration conf) throws ModelLoadException {
        Map<String, GraphVertex> vertices = conf.getVertices();
        Map<String, List<String>> inputs = conf.getVertexInputs();
        List<String> networkInputs = conf.getNetworkInputs();
        List<String> networkOutputs = conf.getNetworkOutputs();
        if (vertices == null || vertices.isEmpty()) {
            throw problem(file, "its graph has no vertices", null);
        }
        if (networkInputs == null || networkInputs.isEmpty() || networkOutputs == null || networkOutputs.isEmpty()) {
            throw problem(file, "its graph names no " + (networkInputs == null || networkInputs.isEmpty() ? "inputs"
                    : "outputs"), null);
        }
        if (inputs == null) {
            throw problem(file, "its graph does not say which vertex feeds which", null);
        }
        checkDataType(file, conf.getDataType());
        for (String output : networkOutputs) {
            if (!vertices.containsKey(output)) {
                throw problem(file, "its graph's output '" + output + "' is not one of its vertices", null);
            }
        }
        for (Map.Entry<String, GraphVertex> vertex : vertices.entrySet()) {
            String name = vertex.getKey();
            if (vertex.getValue() == null) {
                throw problem(file, "vertex '" + name + "' has no description", null);
            }
            List<String> from = inputs.get(name);
            if (from == null || from.isEmpty()) {
                throw problem(file, "vertex '" + name + "' has no inputs", null);
            }
            for (String source : from) {
                if (!vertices.containsKey(source) && !networkInputs.contains(source)) {
                    throw problem(file, "vertex '" + name + "' reads '" + source + "', which is neither a vertex nor an"
                            + " input of the graph", null);
                }
            }
            if (vertex.getValue() instanceof LayerVertex layer) {
                if (layer.getLayerConf() == null || layer.getLayerConf().getLayer() == null) {
                    throw problem(file, "vertex '" + name + "' has no layer description", null);
                }
                checkLayer(file, layer.getLayerConf().getLayer(), "vertex '" + name + "'");
            }
        }
        for (String source : inputs.keySet()) {
            if (!vertices.containsKey(source)) {
                throw problem(file, "its graph gives inputs to '" + source + "', which is not one of its vertices", null);
            }
        }
        checkAcyclic(file, vertices.keySet(), inputs);
    }

    /** Kahn's algorithm: vertices that never become ready sit on a cycle. */
    private static void checkAcyclic(Path file, java.util.Set<String> vertices, Map<String, List<String>> inputs)
            throws ModelLoadException {
        Map<String, Integer> pending = new HashMap<>();
        Map<String, List<String>> readers = new HashMap<>();
        for (String v : vertices) {
            int internal = 0;
            for (String source : inputs.get(v)) {
                if (vertices.contains(source)) {
                    internal++;
                    readers.computeIfAbsent(source, k -> new java.util.ArrayList<>()).add(v);
                }
            }
            pending.put(v, internal);
        }
        Deque<String> ready = new ArrayDeque<>();
        pending.forEach((v, n) -> {
            if (n == 0) {
                ready.add(v);
            }
        });
        int done = 0;
        while (!ready.isEmpty()) {
            String v = ready.poll();
            done++;
            for (String reader : readers.getOrDefault(v, List.of())) {
                if (pending.merge(reader, -1, Integer::sum) == 0) {
                    ready.add(reader);
                }
            }
        }
        if (done != vertices.size()) {
            String onCycle = pending.entrySet().stream().filter(e -> e.getValue() > 0).map(Map.Entry::getKey).sorted()
                    .findFirst().orElse("?");
            throw problem(file, "its graph's vertices feed each other in a cycle (through '" + onCycle + "')", null);
        }
    }

    private static void checkDataType(Path file, DataType type) throws ModelLoadException {
        if (type != null && !type.isFPType()) {
            throw problem(file, "it computes in " + type + ", not in floating point", null);
        }
        if (type == DataType.HALF || type == DataType.BFLOAT16) {
            throw problem(file, "it computes in 16-bit floats (" + type + "); Shears reads DL4J models in 32- or 64-bit"
                    + " floats", null);
        }
    }

    private static void checkLayer(Path file, Layer layer, String where) throws ModelLoadException {
        String name = layer.getLayerName() != null ? "layer " + layer.getLayerName() : where;
        if (layer instanceof ConvolutionLayer conv) {
            window(file, name, conv.getKernelSize(), conv.getStride(), conv.getPadding(), conv.getDilation());
        } else if (layer instanceof SubsamplingLayer pool) {
            window(file, name, pool.getKernelSize(), pool.getStride(), pool.getPadding(), pool.getDilation());
        } else if (layer instanceof ZeroPaddingLayer padding) {
            notNegative(file, name, "padding", padding.getPadding());
        } else if (layer instanceof Cropping2D cropping) {
            notNegative(file, name, "cropping", cropping.getCropping());
        }
        if (layer instanceof FeedForwardLayer ff) {
            if (ff.getNIn() < 0 || ff.getNOut() < 0) {
                throw problem(file, name + " has a negative size (nIn " + ff.getNIn() + ", nOut " + ff.getNOut() + ")",
                        null);
            }
            // only layers whose weights are sized by both widths: a dropout or loss layer keeps 0 for "as given"
            if ((layer instanceof DenseLayer || layer instanceof ConvolutionLayer || layer instanceof BaseOutputLayer)
                    && (ff.getNIn() == 0 || ff.getNOut() == 0)) {
                throw problem(file, name + " has no " + (ff.getNIn() == 0 ? "inputs (nIn 0)" : "outputs (nOut 0)"),
                        null);
            }
        }
    }

    private static void window(Path file, String name, int[] kernel, int[] stride, int[] padding, int[] dilation)
            throws ModelLoadException {
        positive(file, name, "window", kernel);
        positive(file, name, "stride", stride);
        positive(file, name, "dilation", dilation);
        notNegative(file, name, "padding", padding);
    }

    private static void positive(Path file, String name, String what, int[] values) throws ModelLoadException {
        if (values == null || values.length == 0) {
            throw problem(file, name + " has no " + what, null);
        }
        for (int v : values) {
            if (v <= 0) {
                throw problem(file, name + " has a " + what + " of " + v + " (it must be at least 1)", null);
            }
        }
    }

    private static void notNegative(Path file, String name, String what, int[] values) throws ModelLoadException {
        if (values == null) {
            throw problem(file, name + " has no " + what, null);
        }
        for (int v : values) {
            if (v < 0) {
                throw problem(file, name + " has a negative " + what + ", " + v, null);
            }
        }
    }

    private static ModelLoadException problem(Path file, String problem, Throwable cause) {
        String reason = "its configuration contradicts itself: " + problem;
        return cause == null ? new ModelLoadException(file, reason) : new ModelLoadException(file, reason, cause);
    }
}
