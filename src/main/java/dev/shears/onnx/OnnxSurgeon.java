package dev.shears.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import dev.shears.model.LayerKind;
import dev.shears.model.LayerNode;
import dev.shears.pruning.plan.PruningPlan;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes a structured {@link PruningPlan} on an ONNX model by removal: every weight tensor the plan
 * touches — initializer or Constant node value — is sliced along the stored axes its
 * {@link ParamBinding} maps the plan's slices to, and nothing else changes except what the new
 * widths force: a depthwise Conv's {@code group} attribute, the feature count in a flattening
 * Reshape's target shape, and the declared shapes (value_info, graph outputs) of tensors whose
 * channel count changed. Concat, Flatten, pooling and element-wise nodes need no change: their
 * inputs shrink.
 */
public final class OnnxSurgeon {
    private static final Logger LOG = LoggerFactory.getLogger(OnnxSurgeon.class);

    private OnnxSurgeon() {
    }

    /**
     * A new, smaller model; the network's model is not changed. The plan must have been made for
     * {@code network.graph()}.
     *
     * @throws OnnxPruningException when the plan would cut a shared tensor differently for its readers,
     *                              or change a flattening Reshape's target shape that other nodes read too
     */
    public static OnnxModel shrink(OnnxNetwork network, PruningPlan plan) throws OnnxPruningException {
        OnnxModel model = network.model();
        Map<String, List<SortedSet<Long>>> cuts = TensorCuts.of(network, plan.groups(), role -> true, "sliced");
        Map<String, TensorProto> sliced = new LinkedHashMap<>();
        for (Map.Entry<String, List<SortedSet<Long>>> cut : cuts.entrySet()) {
            String tensor = cut.getKey();
            sliced.put(tensor, TensorEdits.sliced(model.constant(tensor).orElseThrow(), model.externalBytes(tensor),
                    cut.getValue()));
        }
        Map<String, TensorProto> changed = new LinkedHashMap<>(sliced);
        changed.putAll(reshapeTargets(network, plan));
        ModelProto.Builder builder = ModelRewrite.withTensors(model, changed);
        updateDepthwiseGroups(network, builder, sliced);
        OnnxModel shrunk = model.derived(builder.build());
        try {
            ModelRewrite.updateDeclaredShapes(builder.getGraphBuilder(), OnnxGraphReader.tensorShapes(shrunk));
        } catch (OnnxFormatException e) {
            throw new IllegalStateException("a model Shears sliced could not be read back", e);
        }
        LOG.debug("sliced {} tensors of {}", sliced.size(), model.file());
        return model.derived(builder.build());
    }

    /** A depthwise Conv has one group per channel: its group attribute follows the new channel count. */
    private static void updateDepthwiseGroups(OnnxNetwork network, ModelProto.Builder builder,
                                              Map<String, TensorProto> sliced) {
        for (ParamBinding b : network.bindings()) {
            TensorProto kernel = sliced.get(b.tensor());
            if (b.layout() != StoredLayout.DEPTHWISE || kernel == null) {
                continue;
            }
            long multiplier = TensorCuts.paramShape(network, b)[3];
            long groups = kernel.getDims(0) / multiplier;
            for (NodeProto.Builder node : builder.getGraphBuilder().getNodeBuilderList()) {
                boolean readsKernel = node.getInputCount() > 1 && node.getInput(1).equals(b.tensor());
                if (node.getOpType().equals("Conv") && readsKernel) {
                    for (AttributeProto.Builder a : node.getAttributeBuilderList()) {
                        if (a.getName().equals("group")) {
                            a.setI(groups);
                        }
                    }
                }
            }
        }
    }

    /**
     * A Reshape whose target shape names the size of the axis that carries the channels (axis 1): a
     * flatten of [N, C, H, W] to C·H·W features (PyTorch's {@code x.view(-1, 784)}), or [N, C] back to
     * [N, C, 1, 1] in a squeeze-excite block ({@code s.view(-1, C, 1, 1)}), gets the new size in its
     * target shape tensor, when no other node reads that tensor; -1 (inferred) and 0 (copied from the
     * input) need no change.
     */
    private static Map<String, TensorProto> reshapeTargets(OnnxNetwork network, PruningPlan plan)
            throws OnnxPruningException {
        Map<String, Long> removed = TensorCuts.removedChannels(plan.groups());
        Map<String, TensorProto> targets = new LinkedHashMap<>();
        for (LayerNode node : network.graph().nodes()) {
            long removedFeatures = removed.getOrDefault(node.name(), 0L);
            if (node.kind() != LayerKind.PREPROCESSOR || !node.typeName().equals("Reshape") || removedFeatures == 0) {
                continue;
            }
            String shape = network.model().proto().getGraph().getNodeList().stream()
                    .filter(n -> n.getName().equals(node.name()) && n.getOpType().equals("Reshape")).findFirst()
                    .map(n -> n.getInput(1)).orElseThrow(() -> new OnnxPruningException("The Reshape " + node.name()
                            + " flattens channels the plan removes, but Shears cannot find it in the file."));
            long[] target;
            try {
                target = network.model().longs(shape);
            } catch (OnnxFormatException e) {
                throw new OnnxPruningException("The target shape of the Reshape " + node.name()
                        + " cannot be read, so the channels before it cannot be removed.");
            }
            if (target.length < 2 || target[1] <= 0) {
                continue;
            }
            if (TensorCuts.readers(network, shape) != 1) {
                throw new OnnxPruningException("The Reshape " + node.name() + " shares its target shape " + shape
                        + " with other nodes, so the feature count in it cannot be changed.");
            }
            target[1] -= removedFeatures;
            targets.put(shape, TensorEdits.withLongs(network.model().constant(shape).orElseThrow(), target));
        }
        return targets;
    }
}
