package dev.shears.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import dev.shears.model.TensorShape;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes changed tensors and shapes into a copy of a model's proto, touching nothing else: an
 * initializer is replaced in place, a Constant node's value attribute likewise, and the shape of a
 * graph input that declares an initializer (IR &lt; 4 files list them) follows the new dimensions.
 */
final class ModelRewrite {
    private static final Logger LOG = LoggerFactory.getLogger(ModelRewrite.class);

    private ModelRewrite() {
    }

    /** A copy of the model's proto with the named initializers and Constant values replaced. */
    static ModelProto.Builder withTensors(OnnxModel model, Map<String, TensorProto> replacements)
            throws OnnxPruningException {
        if (!model.reserializesExactly()) {
            LOG.warn("{} does not serialise back to its own bytes: fields other than the changed tensors may move",
                    model.file());
        }
        ModelProto.Builder builder = model.proto().toBuilder();
        GraphProto.Builder graph = builder.getGraphBuilder();
        for (int i = 0; i < graph.getInitializerCount(); i++) {
            TensorProto replacement = replacements.get(graph.getInitializer(i).getName());
            if (replacement != null) {
                graph.setInitializer(i, replacement);
            }
        }
        for (NodeProto.Builder node : graph.getNodeBuilderList()) {
            if (!node.getOpType().equals("Constant") || node.getOutputCount() != 1
                    || !replacements.containsKey(node.getOutput(0)) || !model.isConstantNodeOutput(node.getOutput(0))) {
                continue;
            }
            TensorProto replacement = replacements.get(node.getOutput(0));
            AttributeProto.Builder value = node.getAttributeBuilderList().stream()
                    .filter(a -> a.getName().equals("value")).findFirst().orElse(null);
            if (value == null) {
                throw new OnnxPruningException("The Constant node " + node.getName() + " gives its values as a"
                        + " list attribute rather than a tensor, which Shears does not rewrite.");
            }
            value.setT(replacement);
        }
        for (ValueInfoProto.Builder input : graph.getInputBuilderList()) {
            TensorProto replacement = replacements.get(input.getName());
            if (replacement != null && input.getType().getTensorType().hasShape()) {
                TensorShapeProto.Builder shape = input.getTypeBuilder().getTensorTypeBuilder().getShapeBuilder();
                for (int d = 0; d < shape.getDimCount() && d < replacement.getDimsCount(); d++) {
                    if (shape.getDim(d).hasDimValue()) {
                        shape.getDimBuilder(d).setDimValue(replacement.getDims(d));
                    }
                }
            }
        }
        return builder;
    }

    /**
     * Brings the declared shapes of intermediate tensors (value_info) and graph outputs in line with
     * the shapes inferred for the changed graph: only fixed dimensions after the batch axis change,
     * a symbolic or fixed batch dimension stays as written.
     */
    static void updateDeclaredShapes(GraphProto.Builder graph, Map<String, TensorShape> inferred) {
        for (ValueInfoProto.Builder info : graph.getValueInfoBuilderList()) {
            updateShape(info, inferred.get(info.getName()));
        }
        for (ValueInfoProto.Builder output : graph.getOutputBuilderList()) {
            updateShape(output, inferred.get(output.getName()));
        }
    }

    private static void updateShape(ValueInfoProto.Builder info, TensorShape shape) {
        if (shape == null || !info.getType().getTensorType().hasShape()) {
            return;
        }
        TensorShapeProto.Builder declared = info.getTypeBuilder().getTensorTypeBuilder().getShapeBuilder();
        if (declared.getDimCount() != shape.rank()) {
            return;
        }
        for (int d = 1; d < declared.getDimCount(); d++) {
            if (declared.getDim(d).hasDimValue() && declared.getDim(d).getDimValue() != shape.dim(d)) {
                declared.getDimBuilder(d).setDimValue(shape.dim(d));
            }
        }
    }
}
