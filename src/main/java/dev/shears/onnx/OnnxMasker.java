package dev.shears.onnx;

import ai.onnx.proto.OnnxMl.TensorProto;
import dev.shears.model.SliceRole;
import dev.shears.pruning.plan.PruningPlan;
import dev.shears.pruning.plan.TensorMask;
import dev.shears.pruning.plan.UnstructuredPlan;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;

/**
 * Executes plans by zeroing, not removing: a new model, every tensor the same shape, in which only
 * the zeroed weight tensors differ from the original.
 *
 * <p>A structured plan zeroes as {@code pruning.MaskApplier} does for DL4J: the producers' weights
 * and biases, BatchNormalization scale and bias (so the normalised channel is exactly 0 whatever its
 * running statistics) and the readers' input weights; running mean and variance stay. The result
 * computes what the shrunk model computes, which makes it the reference for {@link OnnxSurgeon}.
 */
public final class OnnxMasker {
    private OnnxMasker() {
    }

    /** The structured plan executed as zeros. */
    public static OnnxModel masked(OnnxNetwork network, PruningPlan plan) throws OnnxPruningException {
        OnnxModel model = network.model();
        Map<String, List<SortedSet<Long>>> cuts = TensorCuts.of(network, plan.groups(),
                role -> role != SliceRole.STATISTIC, "masked");
        Map<String, TensorProto> zeroed = new LinkedHashMap<>();
        for (Map.Entry<String, List<SortedSet<Long>>> cut : cuts.entrySet()) {
            TensorProto tensor = model.constant(cut.getKey()).orElseThrow();
            zeroed.put(cut.getKey(), TensorEdits.zeroed(tensor, model.externalBytes(cut.getKey()),
                    onAnyCutAxis(tensor, cut.getValue())));
        }
        return model.derived(ModelRewrite.withTensors(model, zeroed).build());
    }

    /** The unstructured plan: every masked weight set to zero, in the tensor that stores it. */
    public static OnnxModel unstructured(OnnxNetwork network, UnstructuredPlan plan) throws OnnxPruningException {
        OnnxModel model = network.model();
        Map<ParamBinding, BitSet> perBinding = new LinkedHashMap<>();
        for (TensorMask mask : plan.masks()) {
            if (mask.prunedCount() == 0) {
                continue;
            }
            ParamBinding binding = network.binding(mask.layer(), mask.param()).orElseThrow(() ->
                    new IllegalArgumentException("the plan masks " + mask.layer() + "/" + mask.param()
                            + ", which this network does not have"));
            int[] storedIndex = StoredLayouts.storedIndexOf(binding.layout(), mask.shape().dims());
            BitSet stored = new BitSet(storedIndex.length);
            mask.pruned().stream().forEach(i -> stored.set(storedIndex[i]));
            perBinding.put(binding, stored);
        }
        Map<String, TensorProto> zeroed = new LinkedHashMap<>();
        for (Map.Entry<String, BitSet> zeros : TensorCuts.zeros(network, perBinding).entrySet()) {
            zeroed.put(zeros.getKey(), TensorEdits.zeroed(model.constant(zeros.getKey()).orElseThrow(),
                    model.externalBytes(zeros.getKey()), zeros.getValue()));
        }
        return model.derived(ModelRewrite.withTensors(model, zeroed).build());
    }

    /** C-order indices of the tensor with an index in the cut along at least one axis. */
    private static BitSet onAnyCutAxis(TensorProto tensor, List<SortedSet<Long>> cut) {
        int rank = tensor.getDimsCount();
        long[] dims = tensor.getDimsList().stream().mapToLong(Long::longValue).toArray();
        boolean[][] isCut = new boolean[rank][];
        for (int axis = 0; axis < rank; axis++) {
            isCut[axis] = new boolean[Math.toIntExact(dims[axis])];
            for (long index : cut.get(axis)) {
                isCut[axis][Math.toIntExact(index)] = true;
            }
        }
        int n = Math.toIntExact(TensorValues.elementCount(tensor));
        BitSet zeros = new BitSet(n);
        for (int i = 0; i < n; i++) {
            long rest = i;
            for (int axis = rank - 1; axis >= 0; axis--) {
                if (isCut[axis][(int) (rest % dims[axis])]) {
                    zeros.set(i);
                    break;
                }
                rest /= dims[axis];
            }
        }
        return zeros;
    }
}
