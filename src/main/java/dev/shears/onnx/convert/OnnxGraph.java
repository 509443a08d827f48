package dev.shears.onnx.convert;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The ONNX graph under construction: nodes in execution order, initializers, and names that never
 * collide (DL4J names layers freely; ONNX needs every tensor name once).
 */
final class OnnxGraph {
    private final OnnxMl.GraphProto.Builder graph = OnnxMl.GraphProto.newBuilder();
    private final Set<String> usedNames = new HashSet<>();
    private final Map<String, ParamInitializer> copiedParams = new LinkedHashMap<>();

    OnnxGraph(String name) {
        graph.setName(name);
    }

    /** A tensor name derived from {@code base}, unused so far. */
    String fresh(String base) {
        String name = base;
        for (int i = 1; !usedNames.add(name); i++) {
            name = base + "_" + i;
        }
        return name;
    }

    /** Adds a node with one output named after {@code outputBase}; returns the output's name. */
    String node(String opType, String outputBase, List<String> inputs, OnnxMl.AttributeProto... attributes) {
        String output = fresh(outputBase);
        graph.addNode(OnnxMl.NodeProto.newBuilder()
                .setOpType(opType)
                .setName(output)
                .addAllInput(inputs)
                .addOutput(output)
                .addAllAttribute(List.of(attributes)));
        return output;
    }

    /** A float initializer with the given dims, values in row-major order; returns its name. */
    String floats(String base, float[] values, long... dims) {
        String name = fresh(base);
        OnnxMl.TensorProto.Builder tensor = OnnxMl.TensorProto.newBuilder()
                .setName(name)
                .setDataType(OnnxMl.TensorProto.DataType.FLOAT.getNumber());
        for (long d : dims) {
            tensor.addDims(d);
        }
        // raw little-endian bytes: compact, and what ONNX Runtime reads fastest
        ByteBuffer raw = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(values);
        tensor.setRawData(ByteString.copyFrom(raw.array()));
        graph.addInitializer(tensor);
        return name;
    }

    /**
     * A DL4J parameter copied unchanged (same values, same row-major order) into an initializer;
     * remembered so callers can override it in a session (masks) without converting again.
     */
    String parameter(String layer, String key, float[] values, long... dims) {
        String name = floats(layer + "_" + key, values, dims);
        copiedParams.put(layer + "/" + key, new ParamInitializer(name, dims.clone()));
        return name;
    }

    /** "layer/key" → its initializer, for parameters copied unchanged. */
    Map<String, ParamInitializer> copiedParams() {
        return Map.copyOf(copiedParams);
    }

    /** An int64 initializer (shapes, pads, axes), one-dimensional; returns its name. */
    String longs(String base, long... values) {
        String name = fresh(base);
        OnnxMl.TensorProto.Builder tensor = OnnxMl.TensorProto.newBuilder()
                .setName(name)
                .setDataType(OnnxMl.TensorProto.DataType.INT64.getNumber())
                .addDims(values.length);
        for (long v : values) {
            tensor.addInt64Data(v);
        }
        graph.addInitializer(tensor);
        return name;
    }

    /** Declares a float graph input or output with a dynamic batch axis first. */
    static OnnxMl.ValueInfoProto batchedFloat(String name, long[] exampleDims) {
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder()
                .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("batch"));
        for (long d : exampleDims) {
            shape.addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return OnnxMl.ValueInfoProto.newBuilder()
                .setName(name)
                .setType(OnnxMl.TypeProto.newBuilder().setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
                        .setElemType(OnnxMl.TensorProto.DataType.FLOAT.getNumber())
                        .setShape(shape)))
                .build();
    }

    void reserve(String name) {
        usedNames.add(name);
    }

    void addInput(OnnxMl.ValueInfoProto input) {
        graph.addInput(input);
    }

    void addOutput(OnnxMl.ValueInfoProto output) {
        graph.addOutput(output);
    }

    OnnxMl.GraphProto build() {
        return graph.build();
    }

    static OnnxMl.AttributeProto ints(String name, long... values) {
        OnnxMl.AttributeProto.Builder a = OnnxMl.AttributeProto.newBuilder().setName(name)
                .setType(OnnxMl.AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    static OnnxMl.AttributeProto integer(String name, long value) {
        return OnnxMl.AttributeProto.newBuilder().setName(name)
                .setType(OnnxMl.AttributeProto.AttributeType.INT).setI(value).build();
    }

    static OnnxMl.AttributeProto real(String name, double value) {
        return OnnxMl.AttributeProto.newBuilder().setName(name)
                .setType(OnnxMl.AttributeProto.AttributeType.FLOAT).setF((float) value).build();
    }

    static OnnxMl.AttributeProto text(String name, String value) {
        return OnnxMl.AttributeProto.newBuilder().setName(name)
                .setType(OnnxMl.AttributeProto.AttributeType.STRING)
                .setS(ByteString.copyFromUtf8(value)).build();
    }
}
