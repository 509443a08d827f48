package dev.shears.pruning.impact;

import dev.shears.model.ActivationSlice;
import dev.shears.model.ChannelGroup;
import dev.shears.model.ChannelGroups;
import dev.shears.model.LayerKind;
import dev.shears.model.LayerNode;
import dev.shears.model.NetworkGraph;
import dev.shears.model.ParamSlice;
import dev.shears.model.ParamTensor;
import dev.shears.pruning.planning.Planner;
import dev.shears.pruning.planning.UnstructuredPlanner;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Parameters, MACs and per-tensor sizes after pruning, from counts alone: how many channels each
 * group loses (structured) or how many weights each tensor loses (unstructured). Everything that
 * does not depend on the counts is worked out once, so one evaluation is a pass over the tensors
 * with no allocation beyond the result — fast enough to follow a slider on a ResNet-50-size graph.
 * The rules are {@link dev.shears.analysis.MacCounter}'s and {@link Planner}'s; tests hold them equal.
 */
public final class ImpactModel {
    /** One parameter tensor: its dims and, per axis, which groups shorten it and by how much per channel. */
    private record Tensor(String layer, String key, boolean weight, long[] dims, int[][] axisGroups,
                          long[][] axisBlocks, long zerosBefore) {
    }

    /** How a node's MACs follow its tensors: conv MACs = weights · H·W, dense = weights, BN = outputs. */
    private record Node(LayerNode node, int firstTensor, int tensorCount, long macsPerWeight, boolean batchNorm,
                        long bnSpatial, int[] activationGroups, long[] activationBlocks) {
    }

    private final NetworkGraph graph;
    private final Tensor[] tensors;
    private final Node[] nodes;
    private final int groupCount;
    /** The "before" of every size figure: computed once, not on each slider step. */
    private final Impact unpruned;

    private ImpactModel(NetworkGraph graph, Tensor[] tensors, Node[] nodes, int groupCount) {
        this.graph = graph;
        this.tensors = tensors;
        this.nodes = nodes;
        this.groupCount = groupCount;
        this.unpruned = structured(new int[groupCount]);
    }

    public static ImpactModel of(NetworkGraph graph, ChannelGroups groups) {
        Map<String, List<long[]>> slicesByAxis = new HashMap<>(); // "layer/param/axis" → {group, indices per channel}
        Map<String, List<long[]>> activationsByNode = new HashMap<>();
        for (ChannelGroup g : groups.groups()) {
            for (ParamSlice s : g.params()) {
                slicesByAxis.computeIfAbsent(s.layer() + "/" + s.param() + "/" + s.axis(), k -> new ArrayList<>())
                        .add(new long[] {g.id(), s.width()});
            }
            for (ActivationSlice a : g.activations()) {
                activationsByNode.computeIfAbsent(a.node(), k -> new ArrayList<>()).add(new long[] {g.id(), a.width()});
            }
        }
        List<Tensor> tensors = new ArrayList<>();
        List<Node> nodes = new ArrayList<>();
        for (LayerNode node : graph.nodes()) {
            int first = tensors.size();
            for (ParamTensor p : node.params()) {
                long[] dims = p.shape().dims();
                int[][] axisGroups = new int[dims.length][];
                long[][] axisBlocks = new long[dims.length][];
                for (int axis = 0; axis < dims.length; axis++) {
                    List<long[]> slices = slicesByAxis.getOrDefault(node.name() + "/" + p.key() + "/" + axis, List.of());
                    axisGroups[axis] = slices.stream().mapToInt(s -> (int) s[0]).toArray();
                    axisBlocks[axis] = slices.stream().mapToLong(s -> s[1]).toArray();
                }
                tensors.add(new Tensor(node.name(), p.key(), p.isWeight(), dims, axisGroups, axisBlocks,
                        p.stats().zeros()));
            }
            List<long[]> acts = activationsByNode.getOrDefault(node.name(), List.of());
            boolean knownMap = node.outputShape().isKnown() && node.outputShape().rank() == 3;
            long spatial = knownMap ? node.outputShape().dim(1) * node.outputShape().dim(2) : 0;
            long macsPerWeight = switch (node.kind()) {
                case DENSE, OUTPUT -> 1;
                case CONVOLUTION, DEPTHWISE_CONVOLUTION, SEPARABLE_CONVOLUTION -> spatial;
                default -> 0;
            };
            boolean batchNorm = node.kind() == LayerKind.BATCH_NORMALIZATION;
            long bnSpatial = !node.outputShape().isKnown() ? 0
                    : node.outputShape().elements() / Math.max(1, node.outputShape().dim(0));
            nodes.add(new Node(node, first, node.params().size(), macsPerWeight, batchNorm, bnSpatial,
                    acts.stream().mapToInt(a -> (int) a[0]).toArray(), acts.stream().mapToLong(a -> a[1]).toArray()));
        }
        return new ImpactModel(graph, tensors.toArray(Tensor[]::new), nodes.toArray(Node[]::new),
                groups.groups().size());
    }

    /** The network as it is. */
    public Impact unpruned() {
        return unpruned;
    }

    /** After removing {@code removedPerGroup[g]} channels from group {@code g} (ids as in the groups). */
    public Impact structured(int[] removedPerGroup) {
        if (removedPerGroup.length != groupCount) {
            throw new IllegalArgumentException("expected " + groupCount + " group counts, got " + removedPerGroup.length);
        }
        long[] elements = new long[tensors.length];
        long[] nonZeros = new long[tensors.length];
        long[] rows = new long[tensors.length];
        long params = 0;
        long macs = 0;
        for (Node n : nodes) {
            long nodeWeights = 0;
            for (int t = n.firstTensor(); t < n.firstTensor() + n.tensorCount(); t++) {
                Tensor tensor = tensors[t];
                long count = 1;
                for (int axis = 0; axis < tensor.dims().length; axis++) {
                    long dim = tensor.dims()[axis];
                    for (int i = 0; i < tensor.axisGroups()[axis].length; i++) {
                        dim -= removedPerGroup[tensor.axisGroups()[axis][i]] * tensor.axisBlocks()[axis][i];
                    }
                    count *= dim;
                    if (axis == 0) {
                        rows[t] = dim;
                    }
                }
                if (tensor.dims().length == 0) {
                    rows[t] = 1;
                }
                elements[t] = count;
                // pruned channels take their zeros with them; scale the original zero share
                long before = total(tensor.dims());
                nonZeros[t] = before == 0 ? 0 : Math.round(count * (1 - (double) tensor.zerosBefore() / before));
                params += count;
                if (tensor.weight()) {
                    nodeWeights += count;
                }
            }
            if (n.batchNorm()) {
                long channels = n.node().outputShape().isKnown() ? n.node().outputShape().dim(0) : 0;
                for (int i = 0; i < n.activationGroups().length; i++) {
                    channels -= removedPerGroup[n.activationGroups()[i]] * n.activationBlocks()[i];
                }
                macs += channels * n.bnSpatial();
            } else {
                macs += nodeWeights * n.macsPerWeight();
            }
        }
        return new Impact(graph.totalParams(), graph.totalMacs(), params, macs, elements, nonZeros, rows,
                removedPerGroup.clone());
    }

    /**
     * After zeroing {@code prunedPerWeightTensor[i]} weights of the i-th weight tensor (W, pW, dW in
     * graph order). Shapes stay; parameters count surviving values, as
     * {@link UnstructuredPlanner} does, and each weight carries its layer's MACs per weight.
     */
    public Impact unstructured(long[] prunedPerWeightTensor) {
        long[] elements = new long[tensors.length];
        long[] nonZeros = new long[tensors.length];
        long[] rows = new long[tensors.length];
        long params = 0;
        long macs = 0;
        int w = 0;
        for (Node n : nodes) {
            long pruned = 0;
            long weights = 0;
            for (int t = n.firstTensor(); t < n.firstTensor() + n.tensorCount(); t++) {
                Tensor tensor = tensors[t];
                long count = total(tensor.dims());
                elements[t] = count;
                rows[t] = tensor.dims().length == 0 ? 1 : tensor.dims()[0];
                long removed = tensor.weight() ? prunedPerWeightTensor[w++] : 0;
                // zeros already in the tensor are the first to be "pruned" by magnitude
                nonZeros[t] = count - Math.max(removed, tensor.zerosBefore());
                if (tensor.weight()) {
                    pruned += removed;
                    weights += count;
                }
            }
            long nodeMacs = n.node().macs();
            macs += weights == 0 ? nodeMacs : nodeMacs - pruned * (nodeMacs / weights);
            params += n.node().paramCount() - pruned;
        }
        if (w != prunedPerWeightTensor.length) {
            throw new IllegalArgumentException("expected " + w + " weight-tensor counts, got "
                    + prunedPerWeightTensor.length);
        }
        return new Impact(graph.totalParams(), graph.totalMacs(), params, macs, elements, nonZeros, rows,
                new int[groupCount]);
    }

    /** Sizes of the pruned network in several storage formats ({@link ModelSizes}), with a DL4J zip as its file. */
    public ModelSizes sizes(Impact impact, long sourceFileBytes) {
        return ModelSizes.of(this, impact, new ModelSizes.SourceFile("DL4J zip", sourceFileBytes, true));
    }

    /** Sizes of the pruned network in several storage formats ({@link ModelSizes}), its own file first among them. */
    public ModelSizes sizes(Impact impact, ModelSizes.SourceFile file) {
        return ModelSizes.of(this, impact, file);
    }

    /**
     * Per layer with weights, the share it keeps: of its output channels (structured; 1 for layers
     * whose outputs are not pruned) or of its weights (unstructured, non-zeros).
     */
    public Map<String, Double> keptShare(Impact impact, boolean structured) {
        Map<String, Double> shares = new java.util.LinkedHashMap<>();
        for (Node n : nodes) {
            long weights = 0;
            long kept = 0;
            for (int t = n.firstTensor(); t < n.firstTensor() + n.tensorCount(); t++) {
                if (tensors[t].weight()) {
                    weights += total(tensors[t].dims());
                    kept += impact.nonZeros()[t];
                }
            }
            if (weights == 0) {
                continue;
            }
            if (!structured) {
                shares.put(n.node().name(), (double) kept / weights);
                continue;
            }
            long channels = n.node().outputShape().isKnown() ? n.node().outputShape().dim(0) : 0;
            long removed = 0;
            for (int i = 0; i < n.activationGroups().length; i++) {
                removed += impact.removedPerGroup()[n.activationGroups()[i]] * n.activationBlocks()[i];
            }
            shares.put(n.node().name(), channels == 0 ? 1 : (double) (channels - removed) / channels);
        }
        return shares;
    }

    int tensorCount() {
        return tensors.length;
    }

    boolean isWeight(int tensor) {
        return tensors[tensor].weight();
    }

    private static long total(long[] dims) {
        long n = 1;
        for (long d : dims) {
            n *= d;
        }
        return n;
    }
}
