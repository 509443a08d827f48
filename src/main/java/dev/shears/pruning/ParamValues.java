package dev.shears.pruning;

import dev.shears.model.ParamSlice;
import java.util.Arrays;
import java.util.BitSet;
import java.util.SortedSet;
import java.util.function.DoubleUnaryOperator;

/**
 * A copy of one parameter tensor's values in C (row-major) order. Pruning arithmetic happens here,
 * in plain Java, rather than on DL4J parameter views (whose indexed gets can fail, see docs/stack.md).
 */
public record ParamValues(long[] shape, double[] data) {
    public ParamValues {
        if (Arrays.stream(shape).reduce(1, Math::multiplyExact) != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " does not hold " + data.length
                    + " values");
        }
    }

    /** For each channel of the slice: f summed over the channel's values. */
    public double[] channelSums(ParamSlice slice, int channels, DoubleUnaryOperator f) {
        double[] sums = new double[channels];
        forEachInSlice(slice, channels, (i, c) -> sums[c] += f.applyAsDouble(data[i]));
        return sums;
    }

    private interface SliceVisitor {
        void visit(int index, int channel);
    }

    /** Visits the values of the slice's channels in C order, with the channel each belongs to. */
    private void forEachInSlice(ParamSlice slice, int channels, SliceVisitor visitor) {
        int dim = Math.toIntExact(shape[slice.axis()]);
        int inner = Math.toIntExact(inner(slice.axis()));
        int outer = data.length / (dim * inner);
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
        forEachInSlice(slice, channels, (i, c) -> sums[c] += data[i] * other.data[i]);
        return sums;
    }

    /** Each channel's values along the slice, in C order: one row per channel. */
    public double[][] channelVectors(ParamSlice slice, int channels) {
        int length = Math.toIntExact(data.length / shape[slice.axis()] * slice.width());
        double[][] rows = new double[channels][length];
        int[] filled = new int[channels];
        forEachInSlice(slice, channels, (i, c) -> rows[c][filled[c]++] = data[i]);
        return rows;
    }

    /** The same tensor with the values at the given C-order indices set to zero. */
    public ParamValues zeroedAt(BitSet indices) {
        double[] out = data.clone();
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
