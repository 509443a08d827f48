package dev.shears.onnx;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Tensor shapes with the batch axis (batch 1), computed node by node for the operators Shears maps
 * to layers; any other operator's outputs take the shape the file declares in {@code value_info}, if
 * any. A symbolic first dimension of a graph input is the batch and becomes 1.
 */
final class ShapeInference {
    /** Operators whose (first) output has the shape of their first input. */
    private static final Set<String> SAME_SHAPE = Set.of("Relu", "LeakyRelu", "PRelu", "Clip", "Sigmoid",
            "HardSigmoid", "HardSwish", "Tanh", "Softmax", "LogSoftmax", "Identity", "Dropout", "BatchNormalization",
            "Erf", "Elu", "Selu", "Exp", "Log", "Abs", "Neg", "Sqrt", "Softplus", "Softsign", "Reciprocal", "Cast",
            "LRN", "InstanceNormalization", "Gelu");
    private static final Set<String> BROADCASTING = Set.of("Add", "Sub", "Mul", "Div", "Pow", "Max", "Min", "Sum",
            "Mean");

    private final OnnxModel model;
    private final long opset;
    private final Map<String, long[]> shapes = new HashMap<>();
    private final Map<String, long[]> declared = new HashMap<>();

    ShapeInference(OnnxModel model) {
        this.model = model;
        this.opset = defaultOpset(model);
        GraphProto graph = model.proto().getGraph();
        for (String name : model.constantNames()) {
            shapes.put(name, model.constant(name).orElseThrow().getDimsList().stream().mapToLong(Long::longValue)
                    .toArray());
        }
        for (String alias : model.aliasNames()) {
            shapes.put(alias, model.constant(alias).orElseThrow().getDimsList().stream().mapToLong(Long::longValue)
                    .toArray());
        }
        for (ValueInfoProto input : graph.getInputList()) {
            if (!model.isConstant(input.getName())) {
                declaredShape(input).ifPresent(s -> shapes.put(input.getName(), s));
            }
        }
        for (ValueInfoProto info : graph.getValueInfoList()) {
            declaredShape(info).ifPresent(s -> declared.put(info.getName(), s));
        }
        for (ValueInfoProto output : graph.getOutputList()) {
            declaredShape(output).ifPresent(s -> declared.put(output.getName(), s));
        }
    }

    static long defaultOpset(OnnxModel model) {
        return model.proto().getOpsetImportList().stream()
                .filter(o -> o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx"))
                .mapToLong(o -> o.getVersion()).findFirst().orElse(1);
    }

    /** The shape of a tensor with its batch axis, or empty when unknown. */
    Optional<long[]> shape(String tensor) {
        return Optional.ofNullable(shapes.get(tensor)).map(long[]::clone);
    }

    /** Computes the shapes of the node's outputs from the shapes of its inputs (already visited). */
    void visit(NodeProto node) throws OnnxFormatException {
        long[] out = node.getDomain().isEmpty() || node.getDomain().equals("ai.onnx") ? infer(node) : null;
        for (int i = 0; i < node.getOutputCount(); i++) {
            String name = node.getOutput(i);
            long[] shape = i == 0 || node.getOpType().equals("Dropout") ? out : null;
            if (shape == null) {
                shape = declared.get(name);
            }
            if (shape != null && !name.isEmpty()) {
                shapes.put(name, shape);
            }
        }
    }

    private long[] infer(NodeProto node) throws OnnxFormatException {
        String op = node.getOpType();
        Attributes attributes = new Attributes(node);
        long[] x = input(node, 0);
        if (x == null) {
            return null;
        }
        if (SAME_SHAPE.contains(op)) {
            return x.clone();
        }
        if (BROADCASTING.contains(op)) {
            return broadcast(node);
        }
        return switch (op) {
            case "Conv" -> conv(x, input(node, 1), attributes);
            case "MaxPool", "AveragePool", "LpPool" -> pool(x, attributes);
            case "GlobalAveragePool", "GlobalMaxPool", "GlobalLpPool" -> global(x);
            case "Flatten" -> flatten(x, attributes.integer("axis", 1));
            case "Reshape" -> reshape(node, x, attributes);
            case "Gemm" -> gemm(x, input(node, 1), attributes);
            case "MatMul" -> matMul(x, input(node, 1));
            case "Concat" -> concat(node, attributes.integer("axis", 0));
            case "Pad" -> pad(node, x, attributes);
            case "Resize", "Upsample" -> resize(node, x, attributes);
            case "Transpose" -> transpose(x, attributes);
            case "Squeeze" -> squeeze(x, axes(node, attributes));
            case "Unsqueeze" -> unsqueeze(x, axes(node, attributes));
            default -> null;
        };
    }

    private long[] input(NodeProto node, int index) {
        return index < node.getInputCount() ? shapes.get(node.getInput(index)) : null;
    }

    /** [N, C, H, W] out of [N, C_in, H, W] and W [C_out, C_in/group, kH, kW]. */
    private static long[] conv(long[] x, long[] w, Attributes a) {
        if (w == null || x.length != w.length || x.length < 3) {
            return null;
        }
        long[] kernel = a.integers("kernel_shape").orElse(Arrays.copyOfRange(w, 2, w.length));
        long[] out = spatial(x, kernel, a, false);
        if (out != null) {
            out[1] = w[0];
        }
        return out;
    }

    private static long[] pool(long[] x, Attributes a) {
        Optional<long[]> kernel = a.integers("kernel_shape");
        return kernel.isEmpty() || x.length < 3 ? null : spatial(x, kernel.get(), a, a.integer("ceil_mode", 0) == 1);
    }

    /** The sliding-window output size per spatial axis, as the ONNX spec defines it for Conv and pooling. */
    private static long[] spatial(long[] x, long[] kernel, Attributes a, boolean ceil) {
        int n = x.length - 2;
        if (kernel.length != n) {
            return null;
        }
        long[] strides = a.integers("strides").orElse(filled(n, 1));
        long[] dilations = a.integers("dilations").orElse(filled(n, 1));
        long[] pads = a.integers("pads").orElse(filled(2 * n, 0));
        String autoPad = a.text("auto_pad", "NOTSET");
        long[] out = x.clone();
        for (int i = 0; i < n; i++) {
            long in = x[i + 2];
            long window = (kernel[i] - 1) * dilations[i] + 1;
            out[i + 2] = switch (autoPad) {
                case "SAME_UPPER", "SAME_LOWER" -> ceilDiv(in, strides[i]);
                case "VALID" -> (in - window) / strides[i] + 1;
                default -> {
                    long padded = in + pads[i] + pads[i + n] - window;
                    long size = (ceil ? ceilDiv(padded, strides[i]) : Math.floorDiv(padded, strides[i])) + 1;
                    // a window starting in the end padding only is dropped (as PyTorch and ONNX Runtime do)
                    yield ceil && (size - 1) * strides[i] >= in + pads[i] ? size - 1 : size;
                }
            };
        }
        return out;
    }

    private static long[] global(long[] x) {
        long[] out = x.clone();
        for (int i = 2; i < out.length; i++) {
            out[i] = 1;
        }
        return out;
    }

    private static long[] flatten(long[] x, long axis) {
        int split = (int) (axis < 0 ? axis + x.length : axis);
        return new long[] {product(x, 0, split), product(x, split, x.length)};
    }

    private long[] reshape(NodeProto node, long[] x, Attributes a) throws OnnxFormatException {
        long[] target = constantLongs(node, 1).orElse(a.integers("shape").orElse(null));
        if (target == null) {
            return null;
        }
        long[] out = target.clone();
        boolean allowZero = a.integer("allowzero", 0) == 1;
        int inferred = -1;
        long known = 1;
        for (int i = 0; i < out.length; i++) {
            if (out[i] == 0 && !allowZero) {
                out[i] = x[i];
            }
            if (out[i] == -1) {
                inferred = i;
            } else {
                known *= out[i];
            }
        }
        if (inferred >= 0) {
            out[inferred] = known == 0 ? 0 : product(x, 0, x.length) / known;
        }
        return out;
    }

    private static long[] gemm(long[] a, long[] b, Attributes attributes) {
        if (b == null || a.length != 2 || b.length != 2) {
            return null;
        }
        long m = attributes.integer("transA", 0) == 1 ? a[1] : a[0];
        long n = attributes.integer("transB", 0) == 1 ? b[0] : b[1];
        return new long[] {m, n};
    }

    private static long[] matMul(long[] a, long[] b) {
        if (b == null || a.length < 2 || b.length < 2) {
            return null;
        }
        long[] batchA = Arrays.copyOf(a, a.length - 2);
        long[] batchB = Arrays.copyOf(b, b.length - 2);
        long[] batch = broadcast(List.of(batchA, batchB));
        if (batch == null) {
            return null;
        }
        long[] out = Arrays.copyOf(batch, batch.length + 2);
        out[batch.length] = a[a.length - 2];
        out[batch.length + 1] = b[b.length - 1];
        return out;
    }

    private long[] broadcast(NodeProto node) {
        List<long[]> ins = node.getInputList().stream().map(shapes::get).toList();
        return ins.contains(null) ? null : broadcast(ins);
    }

    /** NumPy broadcasting: align from the last axis; sizes must match or be 1. */
    private static long[] broadcast(List<long[]> ins) {
        int rank = ins.stream().mapToInt(s -> s.length).max().orElse(0);
        long[] out = filled(rank, 1);
        for (long[] s : ins) {
            for (int i = 0; i < s.length; i++) {
                int axis = rank - s.length + i;
                if (s[i] != 1) {
                    if (out[axis] != 1 && out[axis] != s[i]) {
                        return null;
                    }
                    out[axis] = s[i];
                }
            }
        }
        return out;
    }

    private long[] concat(NodeProto node, long axis) {
        long[] first = input(node, 0);
        int a = (int) (axis < 0 ? axis + first.length : axis);
        long[] out = first.clone();
        out[a] = 0;
        for (String name : node.getInputList()) {
            long[] s = shapes.get(name);
            if (s == null || s.length != first.length) {
                return null;
            }
            out[a] += s[a];
        }
        return out;
    }

    /** Opset 11+ takes pads (and from 18 axes) as inputs; earlier opsets as an attribute. */
    private long[] pad(NodeProto node, long[] x, Attributes a) throws OnnxFormatException {
        Optional<long[]> pads = opset >= 11 ? constantLongs(node, 1) : a.integers("pads");
        if (pads.isEmpty()) {
            return null;
        }
        long[] axes = constantLongs(node, 3).orElse(null);
        int count = axes == null ? x.length : axes.length;
        if (pads.get().length != 2 * count) {
            return null;
        }
        long[] out = x.clone();
        for (int i = 0; i < count; i++) {
            int axis = axes == null ? i : (int) (axes[i] < 0 ? axes[i] + x.length : axes[i]);
            out[axis] += pads.get()[i] + pads.get()[i + count];
        }
        return out;
    }

    /**
     * Resize takes sizes (input 3) or scales (input 2; input 1 from opset 10 to 10); Upsample takes
     * scales as an input from opset 9, as an attribute before. Each output size is floor(size·scale).
     */
    private long[] resize(NodeProto node, long[] x, Attributes a) throws OnnxFormatException {
        Optional<long[]> sizes = node.getOpType().equals("Resize") ? constantLongs(node, 3) : Optional.empty();
        if (sizes.isPresent() && sizes.get().length == x.length) {
            return sizes.get();
        }
        int scalesInput = node.getOpType().equals("Resize") ? (opset >= 11 ? 2 : 1) : 1;
        Optional<float[]> scales = node.getOpType().equals("Upsample") && opset < 9 ? a.reals("scales")
                : constantFloats(node, scalesInput);
        if (scales.isEmpty() || scales.get().length != x.length) {
            return null;
        }
        long[] out = new long[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (long) Math.floor(x[i] * (double) scales.get()[i]);
        }
        return out;
    }

    private static long[] transpose(long[] x, Attributes a) {
        long[] perm = a.integers("perm").orElse(null);
        long[] out = new long[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[perm == null ? x.length - 1 - i : (int) perm[i]];
        }
        return out;
    }

    private long[] axes(NodeProto node, Attributes a) throws OnnxFormatException {
        return (opset >= 13 ? constantLongs(node, 1) : a.integers("axes")).orElse(null);
    }

    private static long[] squeeze(long[] x, long[] axes) {
        return Arrays.stream(indices(x.length)).filter(i -> axes == null ? x[i] != 1
                : Arrays.stream(axes).noneMatch(ax -> (ax < 0 ? ax + x.length : ax) == i)).mapToLong(i -> x[i])
                .toArray();
    }

    private static long[] unsqueeze(long[] x, long[] axes) {
        if (axes == null) {
            return null;
        }
        int rank = x.length + axes.length;
        long[] out = new long[rank];
        boolean[] inserted = new boolean[rank];
        for (long ax : axes) {
            inserted[(int) (ax < 0 ? ax + rank : ax)] = true;
        }
        for (int i = 0, k = 0; i < rank; i++) {
            out[i] = inserted[i] ? 1 : x[k++];
        }
        return out;
    }

    private Optional<long[]> constantLongs(NodeProto node, int index) throws OnnxFormatException {
        if (index >= node.getInputCount() || !model.isConstant(node.getInput(index))) {
            return Optional.empty();
        }
        return Optional.of(model.longs(node.getInput(index)));
    }

    private Optional<float[]> constantFloats(NodeProto node, int index) throws OnnxFormatException {
        if (index >= node.getInputCount() || !model.isConstant(node.getInput(index))) {
            return Optional.empty();
        }
        float[] values = model.floats(node.getInput(index));
        return values.length == 0 ? Optional.empty() : Optional.of(values);
    }

    /** A declared tensor shape; a symbolic first dimension is the batch (1), any other unknown dimension makes it unknown. */
    private static Optional<long[]> declaredShape(ValueInfoProto info) {
        if (!info.hasType() || !info.getType().hasTensorType() || !info.getType().getTensorType().hasShape()) {
            return Optional.empty();
        }
        List<TensorShapeProto.Dimension> dims = info.getType().getTensorType().getShape().getDimList();
        long[] shape = new long[dims.size()];
        for (int i = 0; i < shape.length; i++) {
            TensorShapeProto.Dimension d = dims.get(i);
            if (d.hasDimValue() && d.getDimValue() > 0) {
                shape[i] = d.getDimValue();
            } else if (i == 0) {
                shape[i] = 1;
            } else {
                return Optional.empty();
            }
        }
        return Optional.of(shape);
    }

    private static long product(long[] dims, int from, int to) {
        long n = 1;
        for (int i = from; i < to; i++) {
            n *= dims[i];
        }
        return n;
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }

    private static long[] filled(int n, long value) {
        long[] values = new long[n];
        Arrays.fill(values, value);
        return values;
    }

    private static int[] indices(int n) {
        int[] values = new int[n];
        Arrays.setAll(values, i -> i);
        return values;
    }
}
