package dev.shears.pruning;

import dev.shears.analysis.FloatValues;
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

    /**
     * The parameter's values in C (row-major) order, read from its buffer where it lies — the
     * network's own for a DL4J parameter — with no copy when the view is contiguous in C order or is
     * a column-major matrix (a dense W); any other layout is copied once. Holds the array, so the
     * buffer lives as long as these values are referenced.
     */
    public static FloatValues inPlace(INDArray p) {
        int n = checkedLength(p);
        if (contiguous(p) && (p.rank() <= 1 || p.ordering() == 'c' || isVector(p))) {
            return new BufferValues(p, p.data(), n);
        }
        if (contiguous(p) && p.rank() == 2 && p.ordering() == 'f') {
            return new ColumnMajorValues(p, p.data(), (int) p.size(0), (int) p.size(1));
        }
        return FloatValues.of(rowMajor(p));
    }

    /** A contiguous C-order view: the row-major index is the buffer's. */
    private record BufferValues(INDArray owner, DataBuffer data, int size) implements FloatValues {
        @Override
        public float get(int index) {
            return data.getFloat(index);
        }

        @Override
        public void read(int from, float[] target, int offset, int length) {
            for (int j = 0; j < length; j++) {
                target[offset + j] = data.getFloat(from + j);
            }
        }
    }

    /**
     * A contiguous column-major matrix (DL4J's dense W [nIn, nOut]): row-major index r·columns + c is
     * buffer index c·rows + r. Order-free summaries read the buffer sequentially.
     */
    private record ColumnMajorValues(INDArray owner, DataBuffer data, int rows, int columns) implements FloatValues {
        @Override
        public int size() {
            return rows * columns;
        }

        @Override
        public float get(int index) {
            return data.getFloat((long) (index % columns) * rows + index / columns);
        }

        @Override
        public void read(int from, float[] target, int offset, int length) {
            int r = from / columns;
            int c = from % columns;
            for (int j = 0; j < length; j++) {
                target[offset + j] = data.getFloat((long) c * rows + r);
                if (++c == columns) {
                    c = 0;
                    r++;
                }
            }
        }

        @Override
        public void forEachChunk(ChunkVisitor visitor) {
            float[] chunk = new float[Math.min(CHUNK, Math.max(1, size()))];
            long n = size();
            for (long from = 0; from < n; from += chunk.length) {
                int length = (int) Math.min(chunk.length, n - from);
                for (int j = 0; j < length; j++) {
                    chunk[j] = data.getFloat(from + j);
                }
                visitor.accept(chunk, 0, length);
            }
        }
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

    /** True when the array's values are one run of its buffer (every parameter view of a DL4J network). */
    public static boolean isContiguous(INDArray p) {
        return contiguous(p);
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
