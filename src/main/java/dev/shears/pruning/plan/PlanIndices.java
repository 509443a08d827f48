package dev.shears.pruning.plan;

import dev.shears.model.ActivationSlice;
import dev.shears.model.ParamSlice;
import dev.shears.model.SliceRole;
import dev.shears.pruning.ParamArrays;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** A plan translated into tensor indices: what leaves each parameter axis and each activation. */
public final class PlanIndices {
    private record ParamAxis(String layer, String param, int axis) {
    }

    private final Map<ParamAxis, SortedSet<Long>> params = new HashMap<>();
    private final Map<String, Long> activations = new HashMap<>();

    private PlanIndices() {
    }

    /** Indices removed by the plan, from the parameter slices whose role passes the filter. */
    public static PlanIndices of(List<GroupPlan> plan, Predicate<SliceRole> roles) {
        PlanIndices indices = new PlanIndices();
        for (GroupPlan g : plan) {
            List<Integer> removed = g.removed();
            for (ParamSlice s : g.group().params()) {
                if (roles.test(s.role())) {
                    SortedSet<Long> set = indices.params.computeIfAbsent(new ParamAxis(s.layer(), s.param(), s.axis()),
                            k -> new TreeSet<>());
                    for (int c : removed) {
                        for (long r = 0; r < s.repeats(); r++) {
                            addBlock(set, s.start(c, r), s.block());
                        }
                    }
                }
            }
            for (ActivationSlice a : g.group().activations()) {
                indices.activations.merge(a.node(), removed.size() * a.width(), Long::sum);
            }
        }
        return indices;
    }

    private static void addBlock(SortedSet<Long> set, long from, long length) {
        for (long i = from; i < from + length; i++) {
            set.add(i);
        }
    }

    /** Axis → removed indices of one parameter, axes ascending; empty when the parameter is untouched. */
    public SortedMap<Integer, SortedSet<Long>> removed(String layer, String param) {
        SortedMap<Integer, SortedSet<Long>> byAxis = new TreeMap<>();
        params.forEach((k, v) -> {
            if (k.layer().equals(layer) && k.param().equals(param) && !v.isEmpty()) {
                byAxis.put(k.axis(), v);
            }
        });
        return byAxis;
    }

    /** How many indices leave the first axis of the node's per-example output. */
    public long removedChannels(String node) {
        return activations.getOrDefault(node, 0L);
    }

    /**
     * The parameter without its removed indices (every affected axis shortened), in its own data type.
     * Kept runs are block-copied from a C-order copy of the values. (Not ND4J's Gather, which crashed on
     * vectors and drops the axis when one index is kept, nor concatenated views, which took 97 s for
     * VGG-16's 100-million-weight fc6.)
     */
    public INDArray shrunk(String layer, String param, INDArray values) {
        long[] shape = values.shape().clone(); // ND4J hands out its own shape array
        Object data = javaValues(values);
        for (Map.Entry<Integer, SortedSet<Long>> e : removed(layer, param).entrySet()) {
            Layout layout = Layout.of(shape, e.getKey());
            Object out = Array.newInstance(data.getClass().getComponentType(),
                    layout.outer() * (layout.dim() - e.getValue().size()) * layout.inner());
            int to = 0;
            for (int o = 0; o < layout.outer(); o++) {
                for (int[] run : runs(e.getValue(), layout.dim(), false)) {
                    int length = (run[1] - run[0]) * layout.inner();
                    System.arraycopy(data, layout.start(o, run[0]), out, to, length);
                    to += length;
                }
            }
            data = out;
            shape[e.getKey()] -= e.getValue().size();
        }
        INDArray made = ndArray(data, shape);
        if (made.dataType() == values.dataType()) {
            return made;
        }
        try (made) {
            return made.castTo(values.dataType());
        }
    }

    /**
     * Writes the parameter without its removed indices straight into {@code target} (the smaller
     * network's parameter, already of the shape after), buffer to buffer in the target's storage
     * order: no copy of the tensor on the way (a C-order copy of VGG-16's fc6 and its kept part are
     * 600 MB). A parameter that is not a contiguous view goes through {@link #shrunk}.
     */
    public void copyKept(String layer, String param, INDArray source, INDArray target) {
        int rank = source.rank();
        if (rank == 0 || rank != target.rank() || !ParamArrays.isContiguous(source)
                || !ParamArrays.isContiguous(target) || target.length() == 0) {
            try (INDArray kept = shrunk(layer, param, source)) {
                target.assign(kept);
            }
            return;
        }
        long[] sourceShape = source.shape();
        long[] targetShape = target.shape();
        long[] sourceStride = source.stride();
        long[] targetStride = target.stride();
        SortedMap<Integer, SortedSet<Long>> removedByAxis = removed(layer, param);
        // per axis: a target coordinate's offset in the source buffer
        long[][] sourceOffset = new long[rank][];
        for (int a = 0; a < rank; a++) {
            SortedSet<Long> gone = removedByAxis.getOrDefault(a, new TreeSet<>());
            long[] offsets = new long[Math.toIntExact(targetShape[a])];
            int k = 0;
            for (long i = 0; i < sourceShape[a]; i++) {
                if (!gone.contains(i)) {
                    if (k == offsets.length) {
                        throw new IllegalArgumentException(layer + "/" + param + ": the target's axis " + a
                                + " is shorter than what the plan keeps");
                    }
                    offsets[k++] = i * sourceStride[a];
                }
            }
            if (k != offsets.length) {
                throw new IllegalArgumentException(layer + "/" + param + ": the target's axis " + a
                        + " is longer than what the plan keeps");
            }
            sourceOffset[a] = offsets;
        }
        // the target's axes from the fastest-varying in its buffer on, so that writes are sequential
        Integer[] axes = new Integer[rank];
        for (int a = 0; a < rank; a++) {
            axes[a] = a;
        }
        Arrays.sort(axes, (x, y) -> targetShape[x] == 1 || targetShape[y] == 1
                ? Long.compare(targetShape[x] == 1 ? 1 : 0, targetShape[y] == 1 ? 1 : 0)
                : Long.compare(targetStride[x], targetStride[y]));
        DataBuffer from = source.data();
        DataBuffer to = target.data();
        boolean doubles = source.dataType() == DataType.DOUBLE;
        int inner = axes[0];
        long[] innerOffsets = sourceOffset[inner];
        long innerStride = targetStride[inner];
        int[] coordinate = new int[rank];
        for (long done = 0, total = target.length(); done < total; done += innerOffsets.length) {
            long sourceBase = 0;
            long targetBase = 0;
            for (int i = 1; i < rank; i++) {
                int a = axes[i];
                sourceBase += sourceOffset[a][coordinate[a]];
                targetBase += coordinate[a] * targetStride[a];
            }
            for (int j = 0; j < innerOffsets.length; j++) {
                long at = targetBase + j * innerStride;
                if (doubles) {
                    to.put(at, from.getDouble(sourceBase + innerOffsets[j]));
                } else {
                    to.put(at, from.getFloat(sourceBase + innerOffsets[j]));
                }
            }
            for (int i = 1; i < rank; i++) {
                int a = axes[i];
                if (++coordinate[a] < targetShape[a]) {
                    break;
                }
                coordinate[a] = 0;
            }
        }
    }

    /**
     * Sets the removed indices of the parameter to zero in place, through a C-order copy (interval
     * views of parameter views throw NullPointerException in DL4J M2.1, see docs/stack.md; a broadcast
     * multiply by a 0/1 mask took 44 s on VGG-16's fc6).
     */
    public void zero(String layer, String param, INDArray target) {
        Object data = javaValues(target);
        for (Map.Entry<Integer, SortedSet<Long>> e : removed(layer, param).entrySet()) {
            Layout layout = Layout.of(target.shape(), e.getKey());
            for (int o = 0; o < layout.outer(); o++) {
                for (int[] run : runs(e.getValue(), layout.dim(), true)) {
                    fillZero(data, layout.start(o, run[0]), layout.start(o, run[1]));
                }
            }
        }
        try (INDArray zeroed = ndArray(data, target.shape())) {
            target.assign(zeroed);
        }
    }

    /** A tensor seen along one axis: outer blocks × dim indices × inner values (C order). */
    private record Layout(int outer, int dim, int inner) {
        static Layout of(long[] shape, int axis) {
            int inner = 1;
            for (int a = axis + 1; a < shape.length; a++) {
                inner = Math.multiplyExact(inner, Math.toIntExact(shape[a]));
            }
            int dim = Math.toIntExact(shape[axis]);
            long total = Arrays.stream(shape).reduce(1, Math::multiplyExact);
            return new Layout(Math.toIntExact(total / ((long) dim * inner)), dim, inner);
        }

        int start(int outerIndex, int index) {
            return (outerIndex * dim + index) * inner;
        }
    }

    /** Runs [from, to) of consecutive removed indices, or of the kept ones between them. */
    private static List<int[]> runs(SortedSet<Long> removed, int dim, boolean ofRemoved) {
        List<int[]> runs = new ArrayList<>();
        int from = 0;
        for (long r : removed) {
            int index = Math.toIntExact(r);
            if (!ofRemoved && index > from) {
                runs.add(new int[] {from, index});
            }
            if (ofRemoved) {
                if (!runs.isEmpty() && runs.get(runs.size() - 1)[1] == index) {
                    runs.get(runs.size() - 1)[1] = index + 1;
                } else {
                    runs.add(new int[] {index, index + 1});
                }
            }
            from = index + 1;
        }
        if (!ofRemoved && from < dim) {
            runs.add(new int[] {from, dim});
        }
        return runs;
    }

    /** float[] for float networks, double[] for double ones, in C order (no native copy on the way). */
    private static Object javaValues(INDArray values) {
        return values.dataType() == DataType.DOUBLE ? ParamArrays.rowMajorDoubles(values)
                : ParamArrays.rowMajor(values);
    }

    private static INDArray ndArray(Object data, long[] shape) {
        return data instanceof double[] d ? Nd4j.create(d, shape, 'c') : Nd4j.create((float[]) data, shape, 'c');
    }

    private static void fillZero(Object data, int from, int to) {
        if (data instanceof double[] d) {
            Arrays.fill(d, from, to, 0);
        } else {
            Arrays.fill((float[]) data, from, to, 0);
        }
    }

    public long[] shapeAfter(String layer, String param, long[] shape) {
        long[] out = shape.clone();
        removed(layer, param).forEach((axis, set) -> out[axis] -= set.size());
        return out;
    }
}
