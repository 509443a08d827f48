package dev.shears.pruning;

import dev.shears.model.ParamSlice;
import java.util.Arrays;
import java.util.BitSet;
import java.util.SortedSet;
import java.util.function.DoubleUnaryOperator;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A copy of one parameter tensor's values in C (row-major) order. Pruning arithmetic happens here,
 * in plain Java, rather than on DL4J parameter views (whose indexed gets can fail, see docs/stack.md).
 * Kept in the tensor's own precision: a float tensor of 100 million weights costs 400 MB, not the
 * 800 MB a double copy took; a double tensor (rare: hand-built networks) stays exact. Sums are
 * taken in double either way.
 */
public final class ParamValues {
    private final long[] shape;
    /** Exactly one of the three holds the values. */
    private final float[] floats;
    private final double[] doubles;
    /** A network's own parameter buffer, read in place (see {@link #inPlace}). */
    private final DataBuffer buffer;
    /** For a buffer kept column by column (a DL4J dense W [rows, columns] in 'f' order): its rows and columns; 0 otherwise. */
    private final int fortranRows;
    private final int fortranColumns;

    public ParamValues(long[] shape, float[] values) {
        this(shape, values, null);
    }

    public ParamValues(long[] shape, double[] values) {
        this(shape, null, values);
    }

    private ParamValues(long[] shape, float[] floats, double[] doubles) {
        int length = floats != null ? floats.length : doubles.length;
        if (Arrays.stream(shape).reduce(1, Math::multiplyExact) != length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " does not hold " + length
                    + " values");
        }
        this.shape = shape;
        this.floats = floats;
        this.doubles = doubles;
        this.buffer = null;
        this.fortranRows = 0;
        this.fortranColumns = 0;
    }

    private ParamValues(long[] shape, DataBuffer buffer, int fortranRows, int fortranColumns) {
        this.shape = shape;
        this.floats = null;
        this.doubles = null;
        this.buffer = buffer;
        this.fortranRows = fortranRows;
        this.fortranColumns = fortranColumns;
    }

    /**
     * The parameter's values read in place from the network's buffer, not copied: for scoring
     * channels of a network nobody changes (a backend is immutable), where a copy of a
     * 100-million-weight tensor would cost 400 MB for a moment. A parameter stored otherwise than
     * contiguously in C order, or as a column-major matrix, is copied.
     */
    public static ParamValues inPlace(INDArray p) {
        long[] shape = p.shape().clone();
        boolean contiguous = p.length() > 0 && p.elementWiseStride() == 1;
        if (contiguous && (p.ordering() == 'c' || p.rank() <= 1)) {
            return new ParamValues(shape, p.data(), 0, 0);
        }
        if (contiguous && p.rank() == 2 && p.ordering() == 'f') {
            return new ParamValues(shape, p.data(), Math.toIntExact(shape[0]), Math.toIntExact(shape[1]));
        }
        return p.dataType() == org.nd4j.linalg.api.buffer.DataType.DOUBLE
                ? new ParamValues(shape, ParamArrays.rowMajorDoubles(p)) : new ParamValues(shape, ParamArrays.rowMajor(p));
    }

    public long[] shape() {
        return shape;
    }

    /** The value at a C-order index, in the tensor's precision. */
    public double get(int index) {
        if (floats != null) {
            return floats[index];
        }
        if (doubles != null) {
            return doubles[index];
        }
        if (fortranRows == 0) {
            return buffer.getDouble(index);
        }
        return buffer.getDouble((long) (index % fortranColumns) * fortranRows + index / fortranColumns);
    }

    public int size() {
        return floats != null ? floats.length : doubles != null ? doubles.length
                : Math.toIntExact(Arrays.stream(shape).reduce(1, Math::multiplyExact));
    }

    /** Whether the values are kept in double precision (the tensor was double). */
    public boolean isDouble() {
        return doubles != null || buffer != null && buffer.dataType() == DataType.DOUBLE;
    }

    /**
     * The values as float: the array itself for a float tensor (do not modify it unless this copy is
     * yours), a rounded copy for a double one.
     */
    public float[] values() {
        if (floats != null) {
            return floats;
        }
        float[] out = new float[size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) get(i);
        }
        return out;
    }

    /** The values as double: a copy of a float tensor, the array itself for a double one. */
    public double[] doubles() {
        if (doubles != null) {
            return doubles;
        }
        double[] out = new double[size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = get(i);
        }
        return out;
    }

    /** For each channel of the slice: f summed over the channel's values. */
    public double[] channelSums(ParamSlice slice, int channels, DoubleUnaryOperator f) {
        double[] sums = new double[channels];
        forEachInSlice(slice, channels, (i, c) -> sums[c] += f.applyAsDouble(get(i)));
        return sums;
    }

    /** For each channel of the slice: {@code perValue} (one number per value of this tensor, C order) summed. */
    public double[] channelSumsOf(double[] perValue, ParamSlice slice, int channels) {
        if (perValue.length != size()) {
            throw new IllegalArgumentException(perValue.length + " numbers for a tensor of " + size());
        }
        double[] sums = new double[channels];
        forEachInSlice(slice, channels, (i, c) -> sums[c] += perValue[i]);
        return sums;
    }

    private interface SliceVisitor {
        void visit(int index, int channel);
    }

    /** Visits the values of the slice's channels in C order, with the channel each belongs to. */
    private void forEachInSlice(ParamSlice slice, int channels, SliceVisitor visitor) {
        int dim = Math.toIntExact(shape[slice.axis()]);
        int inner = Math.toIntExact(inner(slice.axis()));
        int outer = size() / (dim * inner);
        int block = Math.toIntExact(slice.block());
        for (int o = 0; o < outer; o++) {
            for (long r = 0; r < slice.repeats(); r++) {
                int from = Math.toIntExact(slice.start(0, r));
                for (int index = from; index < from + channels * block; index++) {
                    int start = (o * dim + index) * inner;
                    int channel = (index - from) / block;
                    for (int i = start; i < start + inner; i++) {
                        visitor.visit(i, channel);
                    }
                }
            }
        }
    }

    /** For each channel of the slice: Σ this·other over the channel's values (same shapes). */
    public double[] channelDots(ParamSlice slice, int channels, ParamValues other) {
        if (!Arrays.equals(shape, other.shape)) {
            throw new IllegalArgumentException("shapes differ: " + Arrays.toString(shape) + " and "
                    + Arrays.toString(other.shape));
        }
        double[] sums = new double[channels];
        forEachInSlice(slice, channels, (i, c) -> sums[c] += get(i) * other.get(i));
        return sums;
    }

    /** Each channel's values along the slice, in C order: one row per channel. */
    public double[][] channelVectors(ParamSlice slice, int channels) {
        int length = Math.toIntExact(size() / shape[slice.axis()] * slice.width());
        double[][] rows = new double[channels][length];
        int[] filled = new int[channels];
        forEachInSlice(slice, channels, (i, c) -> rows[c][filled[c]++] = get(i));
        return rows;
    }

    /** The same tensor with the values at the given C-order indices set to zero. */
    public ParamValues zeroedAt(BitSet indices) {
        if (isDouble()) {
            double[] out = doubles != null ? doubles.clone() : doubles();
            indices.stream().forEach(i -> out[i] = 0);
            return new ParamValues(shape, out);
        }
        float[] out = floats != null ? floats.clone() : values();
        indices.stream().forEach(i -> out[i] = 0);
        return new ParamValues(shape, out);
    }

    /** Elements between consecutive indices of {@code axis}: the product of the later dimensions. */
    private long inner(int axis) {
        long n = 1;
        for (int a = axis + 1; a < shape.length; a++) {
            n *= shape[a];
        }
        return n;
    }
}
