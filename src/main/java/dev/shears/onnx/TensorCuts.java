package dev.shears.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import dev.shears.model.ActivationSlice;
import dev.shears.model.ParamSlice;
import dev.shears.model.ParamTensor;
import dev.shears.model.SliceRole;
import dev.shears.pruning.plan.GroupPlan;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * A plan translated to ONNX tensors: per tensor, the indices removed along each of its own axes
 * (from the plan's DL4J-layout parameter slices, through each {@link ParamBinding}), and per graph
 * node, how many entries leave its output's channel axis.
 */
final class TensorCuts {
    private record ParamKey(String layer, String param) {
    }

    private TensorCuts() {
    }

    /**
     * Tensor name → removed indices per stored axis, for every tensor the plan touches through a
     * parameter slice whose role passes the filter; {@code verb} ("sliced", "masked") words a refusal.
     */
    static Map<String, List<SortedSet<Long>>> of(OnnxNetwork network, List<GroupPlan> plan,
                                                 Predicate<SliceRole> roles, String verb) throws OnnxPruningException {
        Map<ParamKey, Map<Integer, SortedSet<Long>>> removed = new HashMap<>();
        for (GroupPlan g : plan) {
            List<Integer> gone = g.removed();
            for (ParamSlice s : g.group().params()) {
                if (!roles.test(s.role()) || gone.isEmpty()) {
                    continue;
                }
                SortedSet<Long> indices = removed.computeIfAbsent(new ParamKey(s.layer(), s.param()),
                        k -> new TreeMap<>()).computeIfAbsent(s.axis(), k -> new TreeSet<>());
                for (int c : gone) {
                    for (long r = 0; r < s.repeats(); r++) {
                        for (long i = 0; i < s.block(); i++) {
                            indices.add(s.start(c, r) + i);
                        }
                    }
                }
            }
        }
        for (ParamKey key : removed.keySet()) {
            if (network.binding(key.layer(), key.param()).isEmpty()) {
                throw new IllegalArgumentException("the plan slices " + key.layer() + "/" + key.param()
                        + ", which this network does not have: the plan is for another network");
            }
        }
        Map<ParamBinding, List<SortedSet<Long>>> perBinding = new LinkedHashMap<>();
        for (ParamBinding b : network.bindings()) {
            int rank = network.model().constant(b.tensor()).orElseThrow().getDimsCount();
            List<SortedSet<Long>> cut = new ArrayList<>();
            for (int axis = 0; axis < rank; axis++) {
                cut.add(new TreeSet<>());
            }
            Map<Integer, SortedSet<Long>> byAxis = removed.getOrDefault(new ParamKey(b.node(), b.key()), Map.of());
            long[] shape = paramShape(network, b);
            for (Map.Entry<Integer, SortedSet<Long>> e : byAxis.entrySet()) {
                StoredLayouts.AxisCut stored = StoredLayouts.storedCut(b.layout(), shape, e.getKey(), e.getValue());
                cut.get(stored.axis()).addAll(stored.indices());
            }
            perBinding.put(b, cut);
        }
        return perTensor(network, perBinding, cut -> cut.stream().allMatch(SortedSet::isEmpty), verb);
    }

    /** Tensor name → stored C-order indices an unstructured mask zeroes, per layer parameter. */
    static Map<String, BitSet> zeros(OnnxNetwork network, Map<ParamBinding, BitSet> perBinding)
            throws OnnxPruningException {
        Map<ParamBinding, BitSet> all = new LinkedHashMap<>();
        for (ParamBinding b : network.bindings()) {
            all.put(b, perBinding.getOrDefault(b, new BitSet()));
        }
        return perTensor(network, all, BitSet::isEmpty, "masked");
    }

    /** The parameter's shape in DL4J layout, as the graph reports it. */
    static long[] paramShape(OnnxNetwork network, ParamBinding binding) {
        return network.graph().node(binding.node()).orElseThrow().params().stream()
                .filter(p -> p.key().equals(binding.key())).findFirst().map(ParamTensor::shape).orElseThrow().dims();
    }

    /** Graph node → entries removed from its output's channel axis (ONNX axis 1). */
    static Map<String, Long> removedChannels(List<GroupPlan> plan) {
        Map<String, Long> removed = new HashMap<>();
        for (GroupPlan g : plan) {
            for (ActivationSlice a : g.group().activations()) {
                removed.merge(a.node(), g.removedCount() * a.width(), Long::sum);
            }
        }
        return removed;
    }

    /**
     * Edits per tensor. A tensor may be shared by several layers (or read twice by one) only when every
     * reader is a layer parameter receiving the same edit; anything else would change a layer the plan
     * does not mean to change.
     */
    private static <E> Map<String, E> perTensor(OnnxNetwork network, Map<ParamBinding, E> perBinding,
                                                Predicate<E> isNone, String verb) throws OnnxPruningException {
        Map<String, List<Map.Entry<ParamBinding, E>>> byTensor = new LinkedHashMap<>();
        for (Map.Entry<ParamBinding, E> e : perBinding.entrySet()) {
            byTensor.computeIfAbsent(e.getKey().tensor(), k -> new ArrayList<>()).add(e);
        }
        Map<String, E> edits = new LinkedHashMap<>();
        for (Map.Entry<String, List<Map.Entry<ParamBinding, E>>> t : byTensor.entrySet()) {
            List<Map.Entry<ParamBinding, E>> uses = t.getValue();
            if (uses.stream().allMatch(u -> isNone.test(u.getValue()))) {
                continue;
            }
            String tensor = t.getKey();
            E first = uses.get(0).getValue();
            for (Map.Entry<ParamBinding, E> u : uses) {
                if (!u.getValue().equals(first)) {
                    throw new OnnxPruningException("The weight tensor " + tensor + " is shared by " + uses.get(0)
                            .getKey().node() + " and " + u.getKey().node() + ", which the plan would change"
                            + " differently, so it cannot be " + verb + ".");
                }
            }
            long readers = readers(network, tensor);
            if (readers != uses.size()) {
                throw new OnnxPruningException("The weight tensor " + tensor + " of " + uses.get(0).getKey().node()
                        + " is also read elsewhere in the graph (" + readers + " reads, " + uses.size()
                        + " as a layer parameter), so it cannot be " + verb + ".");
            }
            edits.put(tensor, first);
        }
        return edits;
    }

    /**
     * How often the graph reads the tensor: as a node input (also inside If/Loop bodies), or as a graph
     * output. An Identity that hands it on as an alias does not count: the alias is a tensor of its
     * own, which gets a copy when its readers need another version (see {@link ModelRewrite}).
     */
    static long readers(OnnxNetwork network, String tensor) {
        OnnxModel model = network.model();
        GraphProto graph = model.proto().getGraph();
        long outputs = graph.getOutputList().stream().filter(o -> o.getName().equals(tensor)).count();
        return nodeReads(model, graph, tensor) + outputs;
    }

    private static long nodeReads(OnnxModel model, GraphProto graph, String tensor) {
        long count = 0;
        for (NodeProto node : graph.getNodeList()) {
            if (node.getOutputCount() == 1 && model.isAlias(node.getOutput(0))) {
                continue;
            }
            count += node.getInputList().stream().filter(tensor::equals).count();
            for (AttributeProto a : node.getAttributeList()) {
                if (a.hasG()) {
                    count += nodeReads(model, a.getG(), tensor);
                }
                for (GraphProto body : a.getGraphsList()) {
                    count += nodeReads(model, body, tensor);
                }
            }
        }
        return count;
    }
}
