package dev.shears.pruning;

import dev.shears.analysis.TensorStatistics;
import dev.shears.model.TensorStats;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Reads DL4J parameters without whole copies on the way: a parameter is a view into the network's
 * one parameter buffer, and {@code dup()} of a 400 MB tensor would put another 400 MB of native
 * memory in the process until the garbage collector happens to free it. Contiguous views (every
 * parameter of a DL4J layer) are read element by element through the view's buffer (in ND4J
 * 1.0.0-M2.1 a view's {@code data()} already starts at the view's offset); anything else is
 * duplicated and the duplicate closed at once.
 */
public final class ParamArrays {
    private ParamArrays() {
    }

    /** Receives values one at a time. */
    @FunctionalInterface
    public interface FloatVisitor {
        void accept(float value);
    }

    /** Every value of the parameter, in storage order, without a copy where the view is contiguous. */
    public static void forEachValue(INDArray p, FloatVisitor visitor) {
        if (contiguous(p)) {
            DataBuffer data = p.data();
            long n = p.length();
            for (long i = 0; i < n; i++) {
                visitor.accept(data.getFloat(i));
            }
            return;
        }
        forEachRowMajor(p, (i, v) -> visitor.accept(v));
    }

    /** Min, max, mean, std and zeros of the parameter, streamed. */
    public static TensorStats statistics(INDArray p) {
        TensorStatistics.Accumulator stats = new TensorStatistics.Accumulator();
        forEachValue(p, stats::add);
        return stats.result();
    }

    /** The parameter's values in C (row-major) order: the only copy made. */
    public static float[] rowMajor(INDArray p) {
        float[] out = new float[checkedLength(p)];
        forEachRowMajor(p, (i, v) -> out[i] = v);
        return out;
    }

    /** The same in double precision, for a double parameter, without a float copy first. */
    public static double[] rowMajorDoubles(INDArray p) {
        double[] out = new double[checkedLength(p)];
        forEachRowMajorDouble(p, (i, v) -> out[i] = v);
        return out;
    }

    private interface RowMajorDoubleSink {
        void put(int index, double value);
    }

    private static void forEachRowMajorDouble(INDArray p, RowMajorDoubleSink sink) {
        try (INDArray copy = p.dup('c')) {
            DataBuffer data = copy.data();
            for (int i = 0; i < data.length(); i++) {
                sink.put(i, data.getDouble(i));
            }
        }
    }

    private interface RowMajorSink {
        void put(int index, float value);
    }

    private static int checkedLength(INDArray p) {
        long n = p.length();
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a tensor of " + n + " values is too big to read at once");
        }
        return (int) n;
    }

    private static void forEachRowMajor(INDArray p, RowMajorSink sink) {
        int n = checkedLength(p);
        if (contiguous(p) && (p.rank() <= 1 || p.ordering() == 'c' || isVector(p))) {
            DataBuffer data = p.data();
            for (int i = 0; i < n; i++) {
                sink.put(i, data.getFloat(i));
            }
            return;
        }
        if (contiguous(p) && p.rank() == 2 && p.ordering() == 'f') {
            // a dense W [nIn, nOut] kept column by column: read sequentially, write transposed
            DataBuffer data = p.data();
            long at = 0;
            int rows = (int) p.size(0);
            int columns = (int) p.size(1);
            for (int c = 0; c < columns; c++) {
                for (int r = 0; r < rows; r++) {
                    sink.put(r * columns + c, data.getFloat(at++));
                }
            }
            return;
        }
        try (INDArray copy = p.dup('c')) {
            DataBuffer data = copy.data();
            for (int i = 0; i < n; i++) {
                sink.put(i, data.getFloat(i));
            }
        }
    }

    private static boolean contiguous(INDArray p) {
        return p.length() > 0 && p.elementWiseStride() == 1 && !p.isScalar() || p.length() == 1;
    }

    private static boolean isVector(INDArray p) {
        long nonUnit = 0;
        for (long d : p.shape()) {
            if (d != 1) {
                nonUnit++;
            }
        }
        return nonUnit <= 1;
    }
}
