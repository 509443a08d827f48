package dev.shears.pruning;

import dev.shears.model.ParamSlice;
import java.util.Arrays;
import java.util.BitSet;
import java.util.SortedSet;
import java.util.function.DoubleUnaryOperator;

/**
 * A copy of one parameter tensor's values in C (row-major) order. Pruning arithmetic happens here,
 * in plain Java, rather than on DL4J parameter views (whose indexed gets can fail, see docs/stack.md).
 * Kept in the tensor's own precision: a float tensor of 100 million weights costs 400 MB, not the
 * 800 MB a double copy took; a double tensor (rare: hand-built networks) stays exact. Sums are
 * taken in double either way.
 */
public final class ParamValues {
    private final long[] shape;
    /** Exactly one of the two holds the values. */
    private final float[] floats;
    private final double[] doubles;

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
    }

    public long[] shape() {
        return shape;
    }

    /** The value at a C-order index, in the tensor's precision. */
    public double get(int index) {
        return floats != null ? floats[index] : doubles[index];
    }

    public int size() {
        return floats != null ? floats.length : doubles.length;
    }

    /** Whether the values are kept in double precision (the tensor was double). */
    public boolean isDouble() {
        return doubles != null;
    }

    /**
     * The values as float: the array itself for a float tensor (do not modify it unless this copy is
     * yours), a rounded copy for a double one.
     */
    public float[] values() {
        if (floats != null) {
            return floats;
        }
        float[] out = new float[doubles.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) doubles[i];
        }
        return out;
    }

    /** The values as double: a copy of a float tensor, the array itself for a double one. */
    public double[] doubles() {
        if (doubles != null) {
            return doubles;
        }
        double[] out = new double[floats.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = floats[i];
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
        if (doubles != null) {
            double[] out = doubles.clone();
            indices.stream().forEach(i -> out[i] = 0);
            return new ParamValues(shape, out);
        }
        float[] out = floats.clone();
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
