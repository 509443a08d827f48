package dev.shears.model;

import java.util.Arrays;

/** The dimensions of a tensor or of one example's activation (without the batch axis). */
public final class TensorShape {
    public static final TensorShape UNKNOWN = new TensorShape(new long[0]);

    private final long[] dims;

    private TensorShape(long[] dims) {
        this.dims = dims;
    }

    public static TensorShape of(long... dims) {
        return new TensorShape(dims.clone());
    }

    public boolean isKnown() {
        return dims.length > 0;
    }

    public int rank() {
        return dims.length;
    }

    public long dim(int axis) {
        return dims[axis];
    }

    public long[] dims() {
        return dims.clone();
    }

    /** Product of the dimensions; 0 when unknown. */
    public long elements() {
        if (dims.length == 0) {
            return 0;
        }
        long n = 1;
        for (long d : dims) {
            n *= d;
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorShape other && Arrays.equals(dims, other.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    /** "[20, 24, 24]", or "?" when unknown. */
    @Override
    public String toString() {
        if (dims.length == 0) {
            return "?";
        }
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < dims.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(dims[i]);
        }
        return sb.append(']').toString();
    }
}
