package dev.shears.onnx;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import dev.shears.analysis.MacCounter;
import dev.shears.analysis.TensorStatistics;
import dev.shears.model.ImageGeometry;
import dev.shears.model.ImageLayout;
import dev.shears.model.LayerKind;
import dev.shears.model.LayerNode;
import dev.shears.model.ModelInput;
import dev.shears.model.NetworkGraph;
import dev.shears.model.ParamTensor;
import dev.shears.model.TensorShape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Builds a {@link NetworkGraph} from an {@link OnnxModel}: one node per graph input and per ONNX
 * node (Constant nodes are parameters, not nodes), in topological order, with shapes from
 * {@link ShapeInference}, parameters with statistics and MACs counted as for DL4J layers.
 *
 * <p>Parameters get the keys and, as {@link ParamTensor} shapes, the layouts the pruning engine
 * knows from DL4J (Conv "W" [out, in, kH, kW] and "b"; Dense "W" [in, out] and "b"; depthwise "W"
 * [kH, kW, C, m]; BatchNorm "gamma", "beta", "mean", "var"); the {@link ParamBinding}s say which ONNX
 * tensor holds each and how it is stored.
 *
 * <p>{@link LayerNode#typeName()} is the ONNX op type, except for three ops the pruning engine knows
 * only by their DL4J class: Flatten (and Reshape to [N, C·H·W]) is "CnnToFeedForwardPreProcessor",
 * a zero Pad of the spatial axes is "ZeroPaddingLayer", a nearest-neighbour Resize/Upsample of the
 * spatial axes is "Upsampling2D"; their descriptions start with the ONNX op type.
 */
public final class OnnxGraphReader {
    private static final String FLATTEN_TYPE = "CnnToFeedForwardPreProcessor";

    private OnnxGraphReader() {
    }

    public static OnnxNetwork read(OnnxModel model) throws OnnxFormatException {
        return new Reading(model).run();
    }

    /** A parameter before its statistics: ONNX tensor, DL4J-layout shape, and how the tensor stores it. */
    private record Param(String key, String tensor, TensorShape shape, StoredLayout layout) {
        static Param asStored(String key, String tensor, OnnxModel model) {
            return new Param(key, tensor, model.shape(tensor), StoredLayout.AS_IS);
        }
    }

    private record Mapped(LayerKind kind, String typeName, String description, List<Param> params) {
        static Mapped of(LayerKind kind, String typeName, String description, Param... params) {
            return new Mapped(kind, typeName, description, List.of(params));
        }
    }

    private static final class Reading {
        private final OnnxModel model;
        private final GraphProto graph;
        private final ShapeInference shapes;
        private final Map<String, String> producer = new LinkedHashMap<>();
        private final List<LayerNode> nodes = new ArrayList<>();
        private final List<ParamBinding> bindings = new ArrayList<>();
        private final Set<String> usedNames = new HashSet<>();

        Reading(OnnxModel model) {
            this.model = model;
            this.graph = model.proto().getGraph();
            this.shapes = new ShapeInference(model);
        }

        OnnxNetwork run() throws OnnxFormatException {
            List<ValueInfoProto> inputs = graph.getInputList().stream().filter(i -> !model.isConstant(i.getName()))
                    .toList();
            for (ValueInfoProto input : inputs) {
                String name = unique(input.getName());
                producer.put(input.getName(), name);
                TensorShape shape = perExample(input.getName());
                nodes.add(new LayerNode(name, LayerKind.INPUT, "Input", shape.isKnown() ? "input " + shape
                        : "input size unknown", List.of(), shape, shape, List.of(), 0));
            }
            for (NodeProto node : topologicalOrder()) {
                shapes.visit(node);
                String name = unique(node.getName().isEmpty() ? node.getOpType() + "_" + nodes.size() : node.getName());
                for (String output : node.getOutputList()) {
                    producer.put(output, name);
                }
                nodes.add(layerNode(name, node));
            }
            List<String> outputs = graph.getOutputList().stream().map(o -> producer.get(o.getName()))
                    .filter(n -> n != null).distinct().toList();
            Map<String, TensorShape> tensorShapes = new LinkedHashMap<>();
            for (String tensor : producer.keySet()) {
                shapes.shape(tensor).ifPresent(s -> tensorShapes.put(tensor, TensorShape.of(s)));
            }
            NetworkGraph networkGraph = new NetworkGraph("ONNX", nodes, outputs, false,
                    inputs.isEmpty() ? ModelInput.UNKNOWN : modelInput(inputs.get(0)));
            return new OnnxNetwork(model, networkGraph, bindings, tensorShapes);
        }

        /** File order where the file is sorted (as the spec requires); Kahn's algorithm repairs files that are not. */
        private List<NodeProto> topologicalOrder() throws OnnxFormatException {
            List<NodeProto> all = graph.getNodeList().stream().filter(n -> !isConstantNode(n)).toList();
            Map<String, Integer> producedBy = new HashMap<>();
            for (int i = 0; i < all.size(); i++) {
                for (String output : all.get(i).getOutputList()) {
                    producedBy.put(output, i);
                }
            }
            int[] pending = new int[all.size()];
            Map<Integer, List<Integer>> consumers = new HashMap<>();
            for (int i = 0; i < all.size(); i++) {
                for (String input : new HashSet<>(all.get(i).getInputList())) {
                    Integer from = producedBy.get(input);
                    if (from != null && from != i) {
                        pending[i]++;
                        consumers.computeIfAbsent(from, k -> new ArrayList<>()).add(i);
                    }
                }
            }
            PriorityQueue<Integer> ready = new PriorityQueue<>();
            for (int i = 0; i < all.size(); i++) {
                if (pending[i] == 0) {
                    ready.add(i);
                }
            }
            List<NodeProto> order = new ArrayList<>();
            while (!ready.isEmpty()) {
                int i = ready.poll();
                order.add(all.get(i));
                for (int c : consumers.getOrDefault(i, List.of())) {
                    if (--pending[c] == 0) {
                        ready.add(c);
                    }
                }
            }
            if (order.size() != all.size()) {
                throw new OnnxFormatException(model.file(), model.file().getFileName()
                        + " is not a valid ONNX model: its nodes feed each other in a cycle.");
            }
            return order;
        }

        private boolean isConstantNode(NodeProto node) {
            return node.getOpType().equals("Constant") && node.getDomain().isEmpty() && node.getOutputCount() == 1
                    && model.isConstant(node.getOutput(0));
        }

        private LayerNode layerNode(String name, NodeProto node) throws OnnxFormatException {
            Mapped mapped = map(node);
            List<ParamTensor> params = new ArrayList<>();
            for (Param p : mapped.params()) {
                params.add(new ParamTensor(p.key(), p.shape(), TensorStatistics.of(model.floats(p.tensor()))));
                bindings.add(new ParamBinding(name, p.key(), p.tensor(), p.layout(), model.isConstantNodeOutput(p.tensor())));
            }
            List<String> inputs = new ArrayList<>();
            TensorShape inputShape = TensorShape.UNKNOWN;
            for (String tensor : variableInputs(node)) {
                String from = producer.get(tensor);
                if (from != null && !inputs.contains(from)) {
                    inputs.add(from);
                }
                if (!inputShape.isKnown()) {
                    inputShape = perExample(tensor);
                }
            }
            TensorShape outputShape = node.getOutputCount() == 0 ? TensorShape.UNKNOWN : perExample(node.getOutput(0));
            return new LayerNode(name, mapped.kind(), mapped.typeName(), mapped.description(), inputs, inputShape,
                    outputShape, params, MacCounter.macs(mapped.kind(), outputShape, params));
        }

        private Mapped map(NodeProto node) throws OnnxFormatException {
            String op = node.getOpType();
            if (!node.getDomain().isEmpty() && !node.getDomain().equals("ai.onnx")) {
                return unknown(node, node.getDomain() + "." + op);
            }
            Attributes a = new Attributes(node);
            return switch (op) {
                case "Conv" -> conv(node, a);
                case "BatchNormalization" -> batchNorm(node, a);
                case "Relu", "Sigmoid", "HardSigmoid", "HardSwish", "Tanh", "Identity" ->
                        Mapped.of(LayerKind.ACTIVATION, op, op.toLowerCase(Locale.ROOT));
                case "LeakyRelu" -> Mapped.of(LayerKind.ACTIVATION, op, "leakyrelu (alpha " + a.real("alpha", 0.01f) + ")");
                case "Clip" -> Mapped.of(LayerKind.ACTIVATION, op, clip(node, a));
                case "Softmax" -> Mapped.of(LayerKind.ACTIVATION, op, "softmax (axis " + a.integer("axis",
                        ShapeInference.defaultOpset(model) >= 13 ? -1 : 1) + ")");
                case "PRelu" -> prelu(node);
                case "Dropout" -> Mapped.of(LayerKind.DROPOUT, op, "dropout (identity at inference)");
                case "MaxPool", "AveragePool" -> Mapped.of(LayerKind.POOLING, op, pooling(op, a));
                case "GlobalAveragePool" -> Mapped.of(LayerKind.GLOBAL_POOLING, op, "global average");
                case "GlobalMaxPool" -> Mapped.of(LayerKind.GLOBAL_POOLING, op, "global max");
                case "Flatten", "Reshape" -> flatten(node);
                case "Gemm" -> gemm(node, a);
                case "MatMul" -> matMul(node);
                case "Add", "Sub", "Mul", "Div" -> elementWise(node);
                case "Concat" -> concat(node, a);
                case "Pad" -> pad(node, a);
                case "Resize", "Upsample" -> resize(node, a);
                default -> unknown(node, op);
            };
        }

        /** Conv W [out, in/group, kH, kW]: a plain conv, a depthwise one (group = in channels), or grouped (unknown). */
        private Mapped conv(NodeProto node, Attributes a) {
            Optional<String> w = constantInput(node, 1);
            long[] x = shapes.shape(node.getInput(0)).orElse(null);
            if (w.isEmpty() || x == null || x.length != 4 || model.shape(w.get()).rank() != 4) {
                return unknown(node, "Conv");
            }
            long[] dims = model.shape(w.get()).dims();
            long group = a.integer("group", 1);
            long channels = x[1];
            String description = kernel(dims[2], dims[3], a) + ", " + channels + "→" + dims[0]
                    + (group > 1 ? ", " + group + " groups" : "");
            List<Param> params = new ArrayList<>();
            Optional<String> bias = constantInput(node, 2);
            if (group == 1) {
                params.add(Param.asStored("W", w.get(), model));
                bias.ifPresent(b -> params.add(Param.asStored("b", b, model)));
                return new Mapped(LayerKind.CONVOLUTION, "Conv", description, params);
            }
            if (group == channels && dims[1] == 1 && dims[0] % channels == 0) {
                long multiplier = dims[0] / channels;
                params.add(new Param("W", w.get(), TensorShape.of(dims[2], dims[3], channels, multiplier),
                        StoredLayout.DEPTHWISE));
                bias.ifPresent(b -> params.add(Param.asStored("b", b, model)));
                return new Mapped(LayerKind.DEPTHWISE_CONVOLUTION, "Conv", "depthwise " + description, params);
            }
            return withFloatConstants(node, LayerKind.OTHER_LAYER, "Conv (" + group + " groups)", description);
        }

        private Mapped batchNorm(NodeProto node, Attributes a) {
            String[] keys = {"gamma", "beta", "mean", "var"};
            List<Param> params = new ArrayList<>();
            for (int i = 0; i < keys.length; i++) {
                Optional<String> tensor = constantInput(node, i + 1);
                if (tensor.isEmpty()) {
                    return unknown(node, "BatchNormalization");
                }
                params.add(Param.asStored(keys[i], tensor.get(), model));
            }
            return new Mapped(LayerKind.BATCH_NORMALIZATION, "BatchNormalization",
                    "epsilon " + a.real("epsilon", 1e-5f), params);
        }

        /** ReLU6 exports as Clip(0, 6); bounds are inputs from opset 11, attributes before. */
        private String clip(NodeProto node, Attributes a) throws OnnxFormatException {
            float min = a.real("min", Float.NEGATIVE_INFINITY);
            float max = a.real("max", Float.POSITIVE_INFINITY);
            Optional<String> minInput = constantInput(node, 1);
            Optional<String> maxInput = constantInput(node, 2);
            if (minInput.isPresent()) {
                min = model.floats(minInput.get())[0];
            }
            if (maxInput.isPresent()) {
                max = model.floats(maxInput.get())[0];
            }
            return (min == 0 && max == 6 ? "relu6, " : "") + "clip [" + min + ", " + max + "]";
        }

        /** One shared slope is an activation; a slope per channel would have to be sliced with the channels. */
        private Mapped prelu(NodeProto node) {
            Optional<String> slope = constantInput(node, 1);
            if (slope.isPresent() && model.shape(slope.get()).elements() == 1) {
                return Mapped.of(LayerKind.ACTIVATION, "PRelu", "prelu (one slope)", Param.asStored("alpha",
                        slope.get(), model));
            }
            return unknown(node, "PRelu");
        }

        private String pooling(String op, Attributes a) {
            long[] k = a.integers("kernel_shape").orElse(new long[0]);
            String kind = op.equals("MaxPool") ? "max " : "average ";
            return kind + (k.length == 2 ? kernel(k[0], k[1], a) : Arrays.toString(k));
        }

        /**
         * Flatten of [N, C, H, W] at axis 1, or a Reshape to [N, C·H·W]: channel c becomes the H·W
         * consecutive features from c·H·W on, exactly as DL4J's CnnToFeedForwardPreProcessor.
         */
        private Mapped flatten(NodeProto node) {
            long[] x = shapes.shape(node.getInput(0)).orElse(null);
            long[] y = shapes.shape(node.getOutput(0)).orElse(null);
            boolean channelMajor = x != null && y != null && x.length == 4 && y.length == 2 && y[0] == x[0]
                    && y[1] == x[1] * x[2] * x[3];
            if (!channelMajor || (node.getOpType().equals("Flatten") && new Attributes(node).integer("axis", 1) != 1)) {
                return unknown(node, node.getOpType());
            }
            return Mapped.of(LayerKind.PREPROCESSOR, FLATTEN_TYPE, node.getOpType() + " "
                    + perExample(node.getInput(0)) + " → " + perExample(node.getOutput(0)) + ", channel-major");
        }

        /** Gemm: Y = A·B + C. As a dense layer W is [in, out]: B as stored, or B transposed when transB = 1. */
        private Mapped gemm(NodeProto node, Attributes a) {
            Optional<String> b = constantInput(node, 1);
            if (b.isEmpty() || a.integer("transA", 0) != 0 || model.shape(b.get()).rank() != 2) {
                return unknown(node, "Gemm");
            }
            boolean transposed = a.integer("transB", 0) == 1;
            long[] stored = model.shape(b.get()).dims();
            long in = transposed ? stored[1] : stored[0];
            long out = transposed ? stored[0] : stored[1];
            List<Param> params = new ArrayList<>();
            params.add(new Param("W", b.get(), TensorShape.of(in, out),
                    transposed ? StoredLayout.TRANSPOSED : StoredLayout.AS_IS));
            Optional<String> c = constantInput(node, 2);
            if (c.isPresent()) {
                TensorShape bias = model.shape(c.get());
                if (bias.elements() != out || bias.dim(bias.rank() - 1) != out) {
                    return unknown(node, "Gemm");
                }
                params.add(Param.asStored("b", c.get(), model));
            }
            return new Mapped(LayerKind.DENSE, "Gemm", in + "→" + out + (transposed ? ", B stored transposed" : ""),
                    params);
        }

        private Mapped matMul(NodeProto node) {
            Optional<String> b = constantInput(node, 1);
            long[] x = shapes.shape(node.getInput(0)).orElse(null);
            if (b.isEmpty() || x == null || x.length != 2 || model.shape(b.get()).rank() != 2) {
                return unknown(node, "MatMul");
            }
            TensorShape w = model.shape(b.get());
            return Mapped.of(LayerKind.DENSE, "MatMul", w.dim(0) + "→" + w.dim(1), Param.asStored("W", b.get(), model));
        }

        /**
         * Element-wise on variable inputs whose channel axes line up (a residual add, the squeeze-excite
         * Mul of [C, H, W] by [C, 1, 1]); a constant operand is allowed only as a single value, since a
         * constant per channel would have to be sliced with the channels.
         */
        private Mapped elementWise(NodeProto node) {
            String op = node.getOpType();
            List<Param> params = new ArrayList<>();
            for (int i = 0; i < node.getInputCount(); i++) {
                String input = node.getInput(i);
                if (model.isConstant(input)) {
                    if (model.shape(input).elements() > 1 || !isFloat(input)) {
                        return unknown(node, op);
                    }
                    params.add(Param.asStored("operand" + i, input, model));
                }
            }
            List<long[]> variable = new ArrayList<>();
            for (String input : variableInputs(node)) {
                variable.add(shapes.shape(input).orElse(null));
            }
            if (variable.isEmpty() || variable.contains(null)) {
                return unknown(node, op);
            }
            long[] first = variable.get(0);
            boolean aligned = variable.stream().allMatch(s -> s.length == first.length
                    && (s.length < 2 || s[1] == first[1]));
            if (!aligned) {
                return unknown(node, op);
            }
            boolean broadcast = variable.stream().anyMatch(s -> !Arrays.equals(s, first));
            String what = switch (op) {
                case "Add" -> "add";
                case "Sub" -> "subtract";
                case "Mul" -> "multiply";
                default -> "divide";
            };
            return new Mapped(LayerKind.ELEMENT_WISE, op, what + (broadcast ? ", channel broadcast" : ""), params);
        }

        private Mapped concat(NodeProto node, Attributes a) {
            long[] x = shapes.shape(node.getInput(0)).orElse(null);
            long axis = a.integer("axis", 1);
            boolean channels = x != null && x.length >= 2 && (axis == 1 || axis == 1 - x.length);
            boolean allVariable = node.getInputList().stream().noneMatch(model::isConstant);
            if (!channels || !allVariable) {
                return unknown(node, "Concat");
            }
            return Mapped.of(LayerKind.MERGE, "Concat", "concatenate channels of " + node.getInputCount() + " inputs");
        }

        /** A zero Pad of the spatial axes only keeps every channel apart, as DL4J's ZeroPaddingLayer. */
        private Mapped pad(NodeProto node, Attributes a) throws OnnxFormatException {
            long[] x = shapes.shape(node.getInput(0)).orElse(null);
            Optional<String> padsInput = constantInput(node, 1);
            long[] pads = ShapeInference.defaultOpset(model) < 11 ? a.integers("pads").orElse(new long[0])
                    : padsInput.isPresent() ? model.longs(padsInput.get()) : new long[0];
            boolean zero = a.text("mode", "constant").equals("constant") && constantValueIsZero(node, a);
            boolean spatialOnly = x != null && x.length == 4 && pads.length == 8 && node.getInputCount() < 4
                    && pads[0] == 0 && pads[1] == 0 && pads[4] == 0 && pads[5] == 0;
            if (!zero || !spatialOnly) {
                return unknown(node, "Pad");
            }
            return Mapped.of(LayerKind.OTHER_LAYER, "ZeroPaddingLayer", "Pad top " + pads[2] + " left " + pads[3]
                    + " bottom " + pads[6] + " right " + pads[7] + " with zeros");
        }

        private boolean constantValueIsZero(NodeProto node, Attributes a) throws OnnxFormatException {
            if (ShapeInference.defaultOpset(model) < 11) {
                return a.real("value", 0f) == 0f;
            }
            Optional<String> value = constantInput(node, 2);
            return value.isEmpty() || model.floats(value.get())[0] == 0f;
        }

        /** Nearest-neighbour resizing of the spatial axes keeps every channel apart, as DL4J's Upsampling2D. */
        private Mapped resize(NodeProto node, Attributes a) {
            long[] x = shapes.shape(node.getInput(0)).orElse(null);
            long[] y = shapes.shape(node.getOutput(0)).orElse(null);
            boolean nearest = a.text("mode", "nearest").equals("nearest");
            boolean spatialOnly = x != null && y != null && x.length == 4 && y.length == 4 && x[0] == y[0]
                    && x[1] == y[1];
            if (!nearest || !spatialOnly) {
                return unknown(node, node.getOpType());
            }
            return Mapped.of(LayerKind.OTHER_LAYER, "Upsampling2D", node.getOpType() + " nearest " + x[2] + "×"
                    + x[3] + " → " + y[2] + "×" + y[3]);
        }

        /**
         * An op the pruning engine does not know: its type name is the ONNX op type, so the reason
         * that blocks the channel groups reaching it names the op; float constant inputs are its parameters.
         */
        private Mapped unknown(NodeProto node, String typeName) {
            return withFloatConstants(node, LayerKind.OTHER_LAYER, typeName, "ONNX " + node.getOpType()
                    + " (not understood by the pruning engine)");
        }

        private Mapped withFloatConstants(NodeProto node, LayerKind kind, String typeName, String description) {
            List<Param> params = new ArrayList<>();
            for (int i = 0; i < node.getInputCount(); i++) {
                String input = node.getInput(i);
                if (model.isConstant(input) && isFloat(input) && !isSetting(node, i)) {
                    params.add(Param.asStored("input" + i, input, model));
                }
            }
            return new Mapped(kind, typeName, description, params);
        }

        /** Float inputs that configure an op rather than weigh activations: Clip bounds, Resize roi and scales, Pad value. */
        private static boolean isSetting(NodeProto node, int input) {
            return switch (node.getOpType()) {
                case "Clip", "Resize", "Upsample", "Pad" -> input > 0;
                default -> false;
            };
        }

        private boolean isFloat(String constant) {
            return model.constant(constant).map(TensorValues::isFloatingPoint).orElse(false);
        }

        private Optional<String> constantInput(NodeProto node, int index) {
            if (index >= node.getInputCount() || node.getInput(index).isEmpty()
                    || !model.isConstant(node.getInput(index))) {
                return Optional.empty();
            }
            return Optional.of(node.getInput(index));
        }

        private List<String> variableInputs(NodeProto node) {
            return node.getInputList().stream().filter(i -> !i.isEmpty() && !model.isConstant(i)).toList();
        }

        /** The shape without the batch axis, as NetworkGraph keeps activations. */
        private TensorShape perExample(String tensor) {
            return shapes.shape(tensor).filter(s -> s.length > 0).map(s -> TensorShape.of(Arrays.copyOfRange(s, 1,
                    s.length))).orElse(TensorShape.UNKNOWN);
        }

        /**
         * A 4-D input is images: channels first as PyTorch exports them, or channels last (tf2onnx and
         * Keras exports) when a Transpose [0, 3, 1, 2] reads it or only its last axis has 1 or 3 entries.
         */
        private ModelInput modelInput(ValueInfoProto input) {
            TensorShape shape = perExample(input.getName());
            boolean isFloat = input.getType().getTensorType().getElemType() == TensorProto.DataType.FLOAT_VALUE;
            if (!shape.isKnown()) {
                return ModelInput.UNKNOWN;
            }
            if (shape.rank() != 3 || !isFloat) {
                return ModelInput.features(shape, false);
            }
            boolean transposedToChannelsFirst = graph.getNodeList().stream().anyMatch(n -> n.getOpType()
                    .equals("Transpose") && n.getInput(0).equals(input.getName()) && Arrays.equals(new Attributes(n)
                    .integers("perm").orElse(new long[0]), new long[] {0, 3, 1, 2}));
            boolean channelsLast = transposedToChannelsFirst
                    || (!isImageChannels(shape.dim(0)) && isImageChannels(shape.dim(2)));
            ImageGeometry geometry = channelsLast
                    ? new ImageGeometry((int) shape.dim(2), (int) shape.dim(0), (int) shape.dim(1), ImageLayout.HWC)
                    : new ImageGeometry((int) shape.dim(0), (int) shape.dim(1), (int) shape.dim(2), ImageLayout.CHW);
            return ModelInput.images(geometry, false);
        }

        private static boolean isImageChannels(long n) {
            return n == 1 || n == 3;
        }

        private static String kernel(long kh, long kw, Attributes a) {
            long[] strides = a.integers("strides").orElse(new long[] {1, 1});
            long[] pads = a.integers("pads").orElse(new long[4]);
            String autoPad = a.text("auto_pad", "NOTSET");
            String padding = autoPad.equals("NOTSET") ? (pads.length == 4 && pads[0] == pads[2] && pads[1] == pads[3]
                    && pads[0] == pads[1] ? "pad " + pads[0] : "pads " + Arrays.toString(pads)) : autoPad.toLowerCase(
                    Locale.ROOT);
            return kh + "x" + kw + " stride " + (strides[0] == strides[1] ? String.valueOf(strides[0])
                    : strides[0] + "x" + strides[1]) + " " + padding;
        }

        private String unique(String name) {
            String candidate = name;
            for (int i = 2; !usedNames.add(candidate); i++) {
                candidate = name + "#" + i;
            }
            return candidate;
        }
    }
}
