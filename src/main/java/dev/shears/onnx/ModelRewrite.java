package dev.shears.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import dev.shears.model.TensorShape;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes changed tensors and shapes into a copy of a model's proto, touching nothing else: an
 * initializer is replaced in place, a Constant node's value attribute likewise, and the shape of a
 * graph input that declares an initializer (IR &lt; 4 files list them) follows the new dimensions.
 * An Identity that hands a stored tensor to other readers (an alias, see {@link OnnxModel#isAlias})
 * and whose readers need another version of it than its input will hold reads a copy of its own,
 * added at the end of the initializers.
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
        unshareAliases(model, replacements, graph);
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
     * Gives each alias the version its readers need — its own replacement, or the original — and, where
     * that is not what its input will hold after the rewrite (the shared tensor was cut for another
     * layer, or this one is cut differently), a copy of its own under a new name.
     */
    private static void unshareAliases(OnnxModel model, Map<String, TensorProto> replacements,
                                       GraphProto.Builder graph) throws OnnxPruningException {
        Map<String, TensorProto> after = new HashMap<>();
        Set<String> names = new HashSet<>();
        graph.getInitializerList().forEach(t -> names.add(t.getName()));
        graph.getInputList().forEach(i -> names.add(i.getName()));
        graph.getNodeList().forEach(n -> names.addAll(n.getOutputList()));
        for (NodeProto.Builder node : graph.getNodeBuilderList()) {
            if (node.getOutputCount() != 1 || !model.isAlias(node.getOutput(0))) {
                continue;
            }
            String alias = node.getOutput(0);
            String input = node.getInput(0);
            TensorProto provided = after.containsKey(input) ? after.get(input)
                    : replacements.getOrDefault(input, model.constant(input).orElseThrow());
            TensorProto wanted = replacements.getOrDefault(alias, model.constant(alias).orElseThrow());
            if (!sameValues(provided, wanted)) {
                if (model.proto().getIrVersion() < 4) {
                    throw new OnnxPruningException("The tensor " + input + " is shared through " + alias + " by layers"
                            + " the plan changes differently, and an IR " + model.proto().getIrVersion()
                            + " file cannot take the copy that would need.");
                }
                String copy = alias + "_shears";
                for (int i = 2; names.contains(copy); i++) {
                    copy = alias + "_shears" + i;
                }
                names.add(copy);
                TensorProto inline = ExternalData.isExternal(wanted)
                        ? TensorEdits.zeroed(wanted, model.externalBytes(alias), new BitSet()) : wanted;
                graph.addInitializer(inline.toBuilder().setName(copy));
                node.setInput(0, copy);
            }
            after.put(alias, wanted);
        }
    }

    private static boolean sameValues(TensorProto a, TensorProto b) {
        return a.toBuilder().clearName().build().equals(b.toBuilder().clearName().build());
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
