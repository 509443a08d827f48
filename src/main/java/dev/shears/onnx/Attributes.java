package dev.shears.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.Optional;

/** Typed look-ups of a node's attributes, with the ONNX defaults supplied by the caller. */
final class Attributes {
    private final NodeProto node;

    Attributes(NodeProto node) {
        this.node = node;
    }

    private Optional<AttributeProto> find(String name) {
        return node.getAttributeList().stream().filter(a -> a.getName().equals(name)).findFirst();
    }

    long integer(String name, long fallback) {
        return find(name).map(AttributeProto::getI).orElse(fallback);
    }

    float real(String name, float fallback) {
        return find(name).map(AttributeProto::getF).orElse(fallback);
    }

    String text(String name, String fallback) {
        return find(name).map(a -> a.getS().toStringUtf8()).orElse(fallback);
    }

    Optional<long[]> integers(String name) {
        return find(name).map(a -> a.getIntsList().stream().mapToLong(Long::longValue).toArray());
    }

    Optional<float[]> reals(String name) {
        return find(name).map(a -> {
            float[] values = new float[a.getFloatsCount()];
            for (int i = 0; i < values.length; i++) {
                values[i] = a.getFloats(i);
            }
            return values;
        });
    }
}
