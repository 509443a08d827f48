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
 * <p>{@link LayerNode#typeName()} is the ONNX op type. Where the pruning engine understands an op only
 * in some of its forms, the others get a qualified type name that says why, e.g. "Pad (channel axis)",
 * "Conv (3 groups)": the channel groups reaching them are blocked with a reason naming them.
 */
public final class OnnxGraphReader {
    private static final long[] TO_CHANNELS_LAST = {0, 2, 3, 1};
    private static final long[] TO_CHANNELS_FIRST = {0, 3, 1, 2};

    private OnnxGraphReader() {
    }

    public static OnnxNetwork read(OnnxModel model) throws OnnxFormatException {
        return new Reading(model).run();
    }

    /**
     * The inferred shape of every tensor a node produces and of every alias, with the batch axis, as
     * {@link OnnxNetwork#tensorShapes()} has them, without building the graph (no parameter statistics).
     */
    static Map<String, TensorShape> tensorShapes(OnnxModel model) throws OnnxFormatException {
        Reading reading = new Reading(model);
        Map<String, TensorShape> tensorShapes = new LinkedHashMap<>();
        for (ValueInfoProto input : reading.graph.getInputList()) {
            reading.shapes.shape(input.getName()).filter(s -> !model.isConstant(input.getName()))
                    .ifPresent(s -> tensorShapes.put(input.getName(), TensorShape.of(s)));
        }
        for (NodeProto node : reading.topologicalOrder()) {
            reading.shapes.visit(node);
            for (String output : node.getOutputList()) {
                reading.shapes.shape(output).ifPresent(s -> tensorShapes.put(output, TensorShape.of(s)));
            }
        }
        for (String alias : model.aliasNames()) {
            tensorShapes.put(alias, model.shape(alias));
        }
        return tensorShapes;
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
        /** ONNX node producing each tensor, for ops whose meaning depends on what feeds them. */
        private final Map<String, NodeProto> producerNode = new HashMap<>();
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
                    producerNode.put(output, node);
                }
                nodes.add(layerNode(name, node));
            }
            List<String> outputs = graph.getOutputList().stream().map(o -> producer.get(o.getName()))
                    .filter(n -> n != null).distinct().toList();
            Map<String, TensorShape> tensorShapes = new LinkedHashMap<>();
            for (String tensor : producer.keySet()) {
                shapes.shape(tensor).ifPresent(s -> tensorShapes.put(tensor, TensorShape.of(s)));
            }
            for (String alias : model.aliasNames()) {
                tensorShapes.put(alias, model.shape(alias));
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

        /** Constant nodes, and Identity nodes that hand a constant on (aliases): both are parameters, not layers. */
        private boolean isConstantNode(NodeProto node) {
            return (node.getOpType().equals("Constant") || node.getOpType().equals("Identity"))
                    && node.getOutputCount() == 1 && model.isConstant(node.getOutput(0));
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
                case "Flatten", "Reshape", "Squeeze", "Unsqueeze" -> reshape(node, a);
                case "Transpose" -> transpose(node, a);
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
            if (hasComputedInput(node, 2)) {
                return unknown(node, "Conv (computed bias)");
            }
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

        /**
         * One shared slope, or a slope per channel (nn.PReLU(C) exports [C, 1, 1]), which the analysis
         * slices with the channels.
         */
        private Mapped prelu(NodeProto node) {
            Optional<String> slope = constantInput(node, 1);
            if (slope.isPresent() && model.shape(slope.get()).elements() == 1) {
                return Mapped.of(LayerKind.ACTIVATION, "PRelu", "prelu (one slope)", Param.asStored("alpha",
                        slope.get(), model));
            }
            long[] x = shapes.shape(node.getInput(0)).orElse(null);
            if (slope.isPresent() && x != null && isFloat(slope.get()) && alongOneAxis(model.shape(slope.get()), x)) {
                return Mapped.of(LayerKind.ACTIVATION, "PRelu", "prelu (slopes " + model.shape(slope.get()) + ")",
                        Param.asStored("alpha", slope.get(), model));
            }
            return unknown(node, "PRelu");
        }

        /**
         * True when a constant of this shape, broadcast against an activation of shape {@code x} (with
         * the batch axis), has more than one value, all along one axis other than the batch, and takes
         * that axis' size. Whether that axis carries the channels (axis 1, or the last axis of a
         * channels-last activation) is for the analysis to say.
         */
        private static boolean alongOneAxis(TensorShape constant, long[] x) {
            int rank = constant.rank();
            if (rank > x.length || x.length < 2 || constant.elements() <= 1) {
                return false;
            }
            int varying = 0;
            for (int i = 0; i < rank; i++) {
                int axis = x.length - rank + i;
                long d = constant.dim(i);
                if (d != 1) {
                    varying++;
                    if (axis == 0 || d != x[axis]) {
                        return false;
                    }
                }
            }
            return varying == 1;
        }

        private String pooling(String op, Attributes a) {
            long[] k = a.integers("kernel_shape").orElse(new long[0]);
            String kind = op.equals("MaxPool") ? "max " : "average ";
            return kind + (k.length == 2 ? kernel(k[0], k[1], a) : Arrays.toString(k));
        }

        /**
         * Flatten at axis 1, Reshape, Squeeze and Unsqueeze that keep the batch axis are preprocessors;
         * the analysis reads from their shapes what happens to the channels (a flatten of [N, C, H, W]
         * puts channel c at the H·W features from c·H·W on, as DL4J's CnnToFeedForwardPreProcessor).
         */
        private Mapped reshape(NodeProto node, Attributes a) throws OnnxFormatException {
            String op = node.getOpType();
            long[] x = shapes.shape(node.getInput(0)).orElse(null);
            long[] y = shapes.shape(node.getOutput(0)).orElse(null);
            boolean batchKept = x != null && y != null && x.length >= 2 && y.length >= 2 && x[0] == y[0]
                    && switch (op) {
                        case "Flatten" -> a.integer("axis", 1) == 1 || a.integer("axis", 1) == 1 - x.length;
                        case "Squeeze", "Unsqueeze" -> {
                            long[] axes = squeezeAxes(node, a);
                            yield axes != null && Arrays.stream(axes).noneMatch(ax -> ax == 0 || ax == -(op.equals(
                                    "Squeeze") ? x.length : y.length));
                        }
                        default -> true;
                    };
            if (!batchKept) {
                return unknown(node, op);
            }
            String shapes = op + " " + perExample(node.getInput(0)) + " → " + perExample(node.getOutput(0));
            if (x.length == 4 && y.length == 2) {
                return Mapped.of(LayerKind.PREPROCESSOR, op, shapes + (readsChannelsLast(node) ? ", channels last"
                        : ", channel-major"));
            }
            return Mapped.of(LayerKind.PREPROCESSOR, op, shapes);
        }

        private long[] squeezeAxes(NodeProto node, Attributes a) throws OnnxFormatException {
            Optional<String> axes = constantInput(node, 1);
            if (axes.isPresent()) {
                return model.longs(axes.get());
            }
            // Squeeze without axes removes every axis of size 1, the batch of 1 too
            return a.integers("axes").orElse(node.getOpType().equals("Squeeze") || node.getInputCount() > 1 ? null
                    : new long[0]);
        }

        /** True when a Transpose [0, 2, 3, 1] produced the node's input. */
        private boolean readsChannelsLast(NodeProto node) {
            NodeProto from = producerNode.get(node.getInput(0));
            return from != null && from.getOpType().equals("Transpose")
                    && Arrays.equals(new Attributes(from).integers("perm").orElse(null), TO_CHANNELS_LAST);
        }

        /**
         * Transposes the pruning engine follows: NCHW to NHWC and back (TensorFlow and Keras exports), and
         * any that keeps the batch and channel axes where they are.
         */
        private Mapped transpose(NodeProto node, Attributes a) {
            long[] x = shapes.shape(node.getInput(0)).orElse(null);
            long[] perm = a.integers("perm").orElse(null);
            if (x == null || perm == null || perm.length != x.length) {
                return unknown(node, "Transpose");
            }
            String description = "perm " + Arrays.toString(perm) + ", " + perExample(node.getInput(0)) + " → "
                    + perExample(node.getOutput(0)) + ": ";
            if (Arrays.equals(perm, TO_CHANNELS_LAST)) {
                return Mapped.of(LayerKind.PREPROCESSOR, "Transpose", description + "to channels last");
            }
            if (Arrays.equals(perm, TO_CHANNELS_FIRST)) {
                return Mapped.of(LayerKind.PREPROCESSOR, "Transpose", description + "to channels first");
            }
            if (perm.length >= 2 && perm[0] == 0 && perm[1] == 1) {
                return Mapped.of(LayerKind.PREPROCESSOR, "Transpose", description + "channels stay");
            }
            return unknown(node, "Transpose");
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
            if (hasComputedInput(node, 2)) {
                return unknown(node, "Gemm (computed bias)");
            }
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
         * Mul of [C, H, W] by [C, 1, 1]). A constant operand is a single value ("operand<i>"), or values
         * along one axis, which the analysis slices with the channels when that axis carries them: "bias"
         * of an Add or Sub, "scale" of a Mul, "divisor" of a Div. A constant divided by the activation is
         * not: a removed channel would divide by zero.
         */
        private Mapped elementWise(NodeProto node) {
            String op = node.getOpType();
            long[] out = shapes.shape(node.getOutput(0)).orElse(null);
            List<Param> params = new ArrayList<>();
            boolean channelConstant = false;
            for (int i = 0; i < node.getInputCount(); i++) {
                String input = node.getInput(i);
                if (model.isConstant(input)) {
                    if (!isFloat(input)) {
                        return unknown(node, op);
                    }
                    if (model.shape(input).elements() == 1) {
                        params.add(Param.asStored("operand" + i, input, model));
                    } else if (out != null && alongOneAxis(model.shape(input), out) && !(op.equals("Div") && i == 0)) {
                        params.add(Param.asStored(switch (op) {
                            case "Add", "Sub" -> "bias";
                            case "Mul" -> "scale";
                            default -> "divisor";
                        }, input, model));
                        channelConstant = true;
                    } else {
                        return unknown(node, op);
                    }
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
            return new Mapped(LayerKind.ELEMENT_WISE, op, what + (broadcast ? ", channel broadcast" : "")
                    + (channelConstant ? ", a constant along one axis" : ""), params);
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

        /**
         * A Pad that leaves the batch and channel axes alone keeps every channel apart, whatever its mode
         * and value (like DL4J's ZeroPaddingLayer): what it adds to a removed channel is read by nothing.
         * One that pads channels, or whose pads are computed, is "Pad (channel axis)" or "Pad (computed pads)".
         */
        private Mapped pad(NodeProto node, Attributes a) throws OnnxFormatException {
            long[] x = shapes.shape(node.getInput(0)).orElse(null);
            long[] pads = fullPads(node, a, x);
            if (x == null || pads == null) {
                return unknown(node, "Pad (computed pads)");
            }
            int rank = x.length;
            if (rank < 3 || pads[0] != 0 || pads[1] != 0 || pads[rank] != 0 || pads[rank + 1] != 0) {
                return unknown(node, "Pad (channel axis)");
            }
            String mode = a.text("mode", "constant");
            String with = mode.equals("constant") ? "with " + padValue(node, a) : mode;
            String where = rank == 4 ? "top " + pads[2] + " left " + pads[3] + " bottom " + pads[6] + " right " + pads[7]
                    : Arrays.toString(pads);
            return Mapped.of(LayerKind.OTHER_LAYER, "Pad", "Pad " + where + " " + with);
        }

        /** Begin and end pads of every axis (opset 18 may name the axes padded); null when not constant. */
        private long[] fullPads(NodeProto node, Attributes a, long[] x) throws OnnxFormatException {
            if (x == null) {
                return null;
            }
            Optional<long[]> given = ShapeInference.defaultOpset(model) < 11 ? a.integers("pads")
                    : constantInput(node, 1).isPresent() ? Optional.of(model.longs(node.getInput(1))) : Optional.empty();
            if (given.isEmpty() || (node.getInputCount() > 3 && !node.getInput(3).isEmpty()
                    && constantInput(node, 3).isEmpty())) {
                return null;
            }
            long[] axes = constantInput(node, 3).isPresent() ? model.longs(node.getInput(3)) : null;
            int count = axes == null ? x.length : axes.length;
            if (given.get().length != 2 * count) {
                return null;
            }
            long[] pads = new long[2 * x.length];
            for (int i = 0; i < count; i++) {
                int axis = axes == null ? i : (int) (axes[i] < 0 ? axes[i] + x.length : axes[i]);
                pads[axis] = given.get()[i];
                pads[axis + x.length] = given.get()[i + count];
            }
            return pads;
        }

        private String padValue(NodeProto node, Attributes a) throws OnnxFormatException {
            float value = ShapeInference.defaultOpset(model) < 11 ? a.real("value", 0f)
                    : constantInput(node, 2).isPresent() ? model.floats(node.getInput(2))[0] : 0f;
            return value == 0f ? "zeros" : String.valueOf(value);
        }

        /**
         * Resizing (in any mode) that leaves the batch and channel axes alone keeps every channel apart,
         * as DL4J's Upsampling2D; one that resizes channels is "Resize (channel axis)".
         */
        private Mapped resize(NodeProto node, Attributes a) {
            String op = node.getOpType();
            long[] x = shapes.shape(node.getInput(0)).orElse(null);
            long[] y = shapes.shape(node.getOutput(0)).orElse(null);
            if (x == null || y == null || x.length != y.length) {
                return unknown(node, op + " (computed sizes)");
            }
            if (x.length < 3 || x[0] != y[0] || x[1] != y[1]) {
                return unknown(node, op + " (channel axis)");
            }
            String sizes = x.length == 4 ? x[2] + "×" + x[3] + " → " + y[2] + "×" + y[3]
                    : perExample(node.getInput(0)) + " → " + perExample(node.getOutput(0));
            return Mapped.of(LayerKind.OTHER_LAYER, op, op + " " + a.text("mode", "nearest") + " " + sizes);
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

        /** True when the input is given but computed by the graph rather than stored. */
        private boolean hasComputedInput(NodeProto node, int index) {
            return index < node.getInputCount() && !node.getInput(index).isEmpty()
                    && !model.isConstant(node.getInput(index));
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
