package dev.shears.io;

import dev.shears.analysis.MacCounter;
import dev.shears.model.LayerKind;
import dev.shears.model.LayerNode;
import dev.shears.model.ModelInput;
import dev.shears.model.NetworkGraph;
import dev.shears.model.ParamTensor;
import dev.shears.model.TensorShape;
import dev.shears.pruning.ParamArrays;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.function.Supplier;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.ZeroPaddingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Builds a {@link NetworkGraph} from a DL4J network: one node per network input, input
 * preprocessor, layer and graph vertex, with activation shapes propagated from the input type,
 * parameter tensors with statistics, and MACs. Reads the network, never changes it. From a
 * configuration alone it builds the same graph without the weights' statistics ({@link #outline}).
 */
public final class NetworkGraphReader {
    /** A layer's parameter tensors, from the built network or from its configuration alone. */
    @FunctionalInterface
    private interface LayerParams {
        List<ParamTensor> of(String name, int index, NeuralNetConfiguration conf);
    }

    private NetworkGraphReader() {
    }

    /**
     * The graph a configuration describes — nodes, shapes, parameter tensors' keys and shapes, MACs —
     * with every tensor's statistics {@linkplain dev.shears.model.TensorStats#notRead not read}; reads no
     * weights and starts no ND4J backend. Empty when a layer's parameter shapes are not known from its
     * configuration ({@link ParamShapes}). Equal, but for the statistics, to what {@link #read(Model)}
     * gives for the network built from it (OutlineTest).
     *
     * @param configuration a MultiLayerConfiguration or ComputationGraphConfiguration
     */
    static Optional<NetworkGraph> outline(Object configuration) {
        LayerParams shapes = (name, index, conf) -> ParamShapes.of(conf).orElseThrow(NotOutlined::new);
        try {
            if (configuration instanceof MultiLayerConfiguration mlc) {
                return Optional.of(readMultiLayer(mlc, shapes, Optional.empty()));
            }
            if (configuration instanceof ComputationGraphConfiguration cgc) {
                return Optional.of(readGraph(cgc, shapes, Optional.empty()));
            }
        } catch (NotOutlined e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** A layer whose parameter shapes only its built network knows. */
    private static final class NotOutlined extends RuntimeException {
        NotOutlined() {
            super(null, null, false, false);
        }
    }

    public static NetworkGraph read(Model network) {
        return read(network, ModelInput.UNKNOWN);
    }

    /**
     * @param knownInput the (first) input when something other than the DL4J file recorded it, e.g. a
     *                   Keras configuration, or the unpruned network's graph; UNKNOWN: guess it from
     *                   the first layer
     */
    public static NetworkGraph read(Model network, ModelInput knownInput) {
        Optional<InputTypeGuess> known = ModelInputs.inputType(knownInput)
                .map(t -> new InputTypeGuess(t, knownInput.assumed()));
        if (network instanceof MultiLayerNetwork mln) {
            return readMultiLayer(mln.getLayerWiseConfigurations(),
                    (name, index, conf) -> tensors(mln.getLayer(index).paramTable()), known);
        }
        if (network instanceof ComputationGraph graph) {
            return readGraph(graph.getConfiguration(),
                    (name, index, conf) -> tensors(graph.getLayer(name).paramTable()), known);
        }
        throw new IllegalArgumentException("unsupported network type " + network.getClass().getSimpleName());
    }

    private static NetworkGraph readMultiLayer(MultiLayerConfiguration conf, LayerParams layerParams,
                                               Optional<InputTypeGuess> known) {
        int layerCount = conf.getConfs().size();
        InputTypeGuess guess = known.orElseGet(() -> layerCount == 0 ? InputTypeGuess.UNKNOWN
                : InputTypeGuess.forFirstLayer(conf.getInputPreProcess(0), conf.getConf(0).getLayer(),
                () -> InputSizes.of(conf)));
        ModelInput input = ModelInputs.of(guess);
        List<LayerNode> nodes = new ArrayList<>();
        String inputName = "input";
        nodes.add(inputNode(inputName, guess.type(), input));
        String previous = inputName;
        InputType current = guess.type();
        for (int i = 0; i < layerCount; i++) {
            Layer layer = conf.getConf(i).getLayer();
            String name = layer.getLayerName() != null ? layer.getLayerName() : "layer" + i;
            InputPreProcessor preprocessor = conf.getInputPreProcess(i);
            if (preprocessor != null) {
                InputType ppOut = ShapePropagation.preprocess(preprocessor, current);
                String ppName = name + "/preprocessor";
                nodes.add(preprocessorNode(ppName, preprocessor, previous, current, ppOut));
                previous = ppName;
                current = ppOut;
            }
            InputType out = ShapePropagation.layerOutput(layer, i, current);
            List<ParamTensor> params = layerParams.of(name, i, conf.getConf(i));
            nodes.add(layerNode(name, layer, List.of(previous), current, out, params));
            previous = name;
            current = out;
        }
        return new NetworkGraph("MultiLayerNetwork", nodes, List.of(previous), guess.assumed(), input);
    }

    private static NetworkGraph readGraph(ComputationGraphConfiguration conf, LayerParams layerParams,
                                          Optional<InputTypeGuess> known) {
        Map<String, GraphVertex> vertices = conf.getVertices();
        Map<String, List<String>> vertexInputs = conf.getVertexInputs();
        Map<String, InputType> outputTypes = new LinkedHashMap<>();
        List<LayerNode> nodes = new ArrayList<>();
        boolean assumed = false;
        ModelInput firstInput = null;
        for (String input : conf.getNetworkInputs()) {
            InputTypeGuess guess = firstInput == null && known.isPresent() ? known.get()
                    : guessGraphInput(input, vertices, vertexInputs, () -> InputSizes.of(conf));
            assumed |= guess.assumed();
            ModelInput modelInput = ModelInputs.of(guess);
            if (firstInput == null) {
                firstInput = modelInput;
            }
            outputTypes.put(input, guess.type());
            nodes.add(inputNode(input, guess.type(), modelInput));
        }
        int layerIndex = 0;
        for (String name : topologicalOrder(conf)) {
            GraphVertex vertex = vertices.get(name);
            List<String> inputs = vertexInputs.getOrDefault(name, List.of());
            InputType[] inTypes = inputs.stream().map(outputTypes::get).toArray(InputType[]::new);
            InputType firstIn = inTypes.length > 0 ? inTypes[0] : null;
            if (vertex instanceof LayerVertex lv) {
                Layer layer = lv.getLayerConf().getLayer();
                InputType current = firstIn;
                List<String> layerInputs = inputs;
                if (lv.getPreProcessor() != null) {
                    InputType ppOut = ShapePropagation.preprocess(lv.getPreProcessor(), current);
                    String ppName = name + "/preprocessor";
                    nodes.add(preprocessorNode(ppName, lv.getPreProcessor(), inputs.isEmpty() ? "" : inputs.get(0),
                            current, ppOut));
                    current = ppOut;
                    layerInputs = List.of(ppName);
                }
                InputType out = ShapePropagation.layerOutput(layer, layerIndex, current);
                List<ParamTensor> params = layerParams.of(name, layerIndex++, lv.getLayerConf());
                nodes.add(layerNode(name, layer, layerInputs, current, out, params));
                outputTypes.put(name, out);
            } else {
                InputType out = ShapePropagation.vertexOutput(vertex, inTypes);
                nodes.add(new LayerNode(name, VertexKinds.kindOf(vertex), vertex.getClass().getSimpleName(),
                        VertexKinds.describe(vertex), inputs, ShapePropagation.shapeOf(firstIn),
                        ShapePropagation.shapeOf(out), List.of(), 0));
                outputTypes.put(name, out);
            }
        }
        return new NetworkGraph("ComputationGraph", nodes, conf.getNetworkOutputs(), assumed,
                firstInput == null ? ModelInput.UNKNOWN : firstInput);
    }

    /**
     * From the first layer reading the input (through a zero padding, as in ResNet-50's stem, which
     * keeps channels) and, for images, the sizes the whole graph accepts.
     */
    private static InputTypeGuess guessGraphInput(String input, Map<String, GraphVertex> vertices,
                                                  Map<String, List<String>> vertexInputs,
                                                  Supplier<InputSizes> sizes) {
        for (Map.Entry<String, List<String>> e : vertexInputs.entrySet()) {
            if (e.getValue().contains(input) && vertices.get(e.getKey()) instanceof LayerVertex lv) {
                Layer layer = lv.getLayerConf().getLayer();
                if (layer instanceof ZeroPaddingLayer && lv.getPreProcessor() == null) {
                    return guessGraphInput(e.getKey(), vertices, vertexInputs, sizes);
                }
                return InputTypeGuess.forFirstLayer(lv.getPreProcessor(), layer, sizes);
            }
        }
        return InputTypeGuess.UNKNOWN;
    }

    /**
     * Kahn's algorithm over the vertex-input map; among ready vertices the one declared first goes
     * first, which keeps a residual branch's layers together as the author wrote them.
     */
    static List<String> topologicalOrder(ComputationGraphConfiguration conf) {
        Map<String, List<String>> vertexInputs = conf.getVertexInputs();
        Map<String, Integer> pending = new LinkedHashMap<>();
        Map<String, List<String>> consumers = new LinkedHashMap<>();
        for (String v : conf.getVertices().keySet()) {
            List<String> ins = vertexInputs.getOrDefault(v, List.of());
            int internal = 0;
            for (String in : ins) {
                if (!conf.getNetworkInputs().contains(in)) {
                    internal++;
                    consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(v);
                }
            }
            pending.put(v, internal);
        }
        Map<String, Integer> declared = new LinkedHashMap<>();
        pending.keySet().forEach(v -> declared.put(v, declared.size()));
        PriorityQueue<String> ready = new PriorityQueue<>(java.util.Comparator.comparing(declared::get));
        pending.forEach((v, n) -> {
            if (n == 0) {
                ready.add(v);
            }
        });
        List<String> order = new ArrayList<>();
        while (!ready.isEmpty()) {
            String v = ready.poll();
            order.add(v);
            for (String c : consumers.getOrDefault(v, List.of())) {
                if (pending.merge(c, -1, Integer::sum) == 0) {
                    ready.add(c);
                }
            }
        }
        if (order.size() != pending.size()) {
            throw new IllegalStateException("the graph has a cycle");
        }
        return order;
    }

    /** The input node's shape is the tensor fed to the network: [H, W, C] for channels-last images. */
    private static LayerNode inputNode(String name, InputType type, ModelInput input) {
        TensorShape shape = input.isKnown() ? input.shape() : ShapePropagation.shapeOf(type);
        return new LayerNode(name, LayerKind.INPUT, "Input", type == null ? "input size unknown" : type.toString(),
                List.of(), shape, shape, List.of(), 0);
    }

    private static LayerNode preprocessorNode(String name, InputPreProcessor preprocessor, String input,
                                              InputType in, InputType out) {
        return new LayerNode(name, LayerKind.PREPROCESSOR, preprocessor.getClass().getSimpleName(),
                LayerKinds.describePreprocessor(preprocessor), input.isEmpty() ? List.of() : List.of(input),
                ShapePropagation.shapeOf(in), ShapePropagation.shapeOf(out), List.of(), 0);
    }

    /** A built layer's tensors in DL4J's order, with the statistics of their values. */
    private static List<ParamTensor> tensors(Map<String, INDArray> paramTable) {
        List<ParamTensor> params = new ArrayList<>();
        for (Map.Entry<String, INDArray> e : paramTable.entrySet()) {
            INDArray values = e.getValue();
            params.add(new ParamTensor(e.getKey(), TensorShape.of(values.shape()), ParamArrays.statistics(values)));
        }
        return params;
    }

    private static LayerNode layerNode(String name, Layer layer, List<String> inputs, InputType in, InputType out,
                                       List<ParamTensor> params) {
        LayerKind kind = LayerKinds.kindOf(layer);
        TensorShape outShape = ShapePropagation.shapeOf(out);
        return new LayerNode(name, kind, layer.getClass().getSimpleName(), LayerKinds.describe(layer), inputs,
                ShapePropagation.shapeOf(in), outShape, params, MacCounter.macs(kind, outShape, params));
    }
}
