package dev.shears.io;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UTFDataFormatException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reads a DL4J {@code coefficients.bin} — one array in ND4J's {@code Nd4j.write} layout: a shape-info
 * buffer then a data buffer, each as allocation mode (UTF), length (int for the three oldest modes,
 * else long), data type (UTF) and big-endian values — in Java, checking every header field before
 * anything is allocated: ND4J's own reader allocates (and zeroes) whatever length a header declares,
 * natively and outside {@code -Xmx}, before it reads a byte of data. The array must be the flat
 * parameter vector of {@code declared} float32 or float64 values the configuration's layers take, its
 * bytes must all be there and nothing may follow them, and every value must be finite.
 */
final class CoefficientsReader {
    private static final Set<String> INT_LENGTH_MODES = Set.of("HEAP", "JAVACPP", "DIRECT");
    private static final Set<String> MODES = Set.of("HEAP", "JAVACPP", "DIRECT", "LONG_SHAPE", "MIXED_DATA_TYPES");
    private static final Set<String> SIXTEEN_BIT = Set.of("HALF", "BFLOAT16");
    private static final Set<String> NOT_FLOATING = Set.of("INT", "LONG", "SHORT", "BYTE", "UBYTE", "UINT16",
            "UINT32", "UINT64", "BOOL", "UTF8", "COMPRESSED");
    /** A shape-info buffer is 2·rank + 4 values; ND4J arrays have rank ≤ 32. */
    private static final int MAX_SHAPE_INFO = 2 * 32 + 4;
    /** Largest Java array. */
    private static final long MAX_VALUES = Integer.MAX_VALUE - 8;
    private static final int CHUNK = 1 << 16;

    private CoefficientsReader() {
    }

    /**
     * @param entrySize the zip entry's uncompressed size as its directory records it, or -1 when unknown
     * @param declared  parameters the configuration's layers take
     */
    static INDArray read(Path file, InputStream raw, long entrySize, long declared) throws IOException {
        DataInputStream in = new DataInputStream(raw);
        try {
            long[] shape = shape(file, in);
            long count = 1;
            for (long d : shape) {
                count = Math.multiplyExact(count, d);
            }
            String mode = mode(file, in);
            long length = INT_LENGTH_MODES.contains(mode) ? in.readInt() : in.readLong();
            String type = type(file, in);
            if (length != count) {
                throw bad(file, "its header gives the weights a shape of " + count + " values but a length of "
                        + length);
            }
            if (length != declared) {
                throw new ModelLoadException(file, length == 0 ? "it holds no weights, but its layers take " + declared
                        : "its layers take " + declared + " parameters but " + Dl4jZip.COEFFICIENTS + " holds "
                        + length + " (the configuration and the weights do not belong together)");
            }
            int bytesPer = type.equals("DOUBLE") ? 8 : 4;
            if (length > MAX_VALUES) {
                throw new ModelLoadException(file, "its " + length + " weights are more than Shears can hold in one"
                        + " array");
            }
            if (entrySize >= 0 && length * bytesPer > entrySize) {
                throw truncated(file);
            }
            long heapFree = Runtime.getRuntime().maxMemory() - (Runtime.getRuntime().totalMemory()
                    - Runtime.getRuntime().freeMemory());
            if (length * bytesPer > heapFree) {
                throw new ModelLoadException(file, "not enough memory to load its " + length + " weights; start Shears"
                        + " with more (-Xmx)");
            }
            // straight into native memory, a chunk at a time: the weights as a Java array first would be
            // another whole copy of them on the heap (411 MB for VGG-16's fc6), garbage a moment later
            INDArray params = Nd4j.createUninitialized(bytesPer == 8 ? DataType.DOUBLE : DataType.FLOAT, length);
            try {
                fill(file, in, params.data(), (int) length, bytesPer);
                if (in.read() >= 0) {
                    throw bad(file, "there are bytes after the " + length + " weights its header declares");
                }
            } catch (IOException | RuntimeException e) {
                params.close();
                throw e;
            }
            return shape.length == 2 ? params.reshape('c', shape) : params;
        } catch (EOFException e) {
            throw truncated(file);
        } catch (UTFDataFormatException e) {
            throw bad(file, "its header is not an ND4J array header");
        } catch (ArithmeticException e) {
            throw bad(file, "its header declares a shape too large to be real");
        }
    }

    /** The shape-info buffer: rank, dims, strides, extras, element-wise stride, order. */
    private static long[] shape(Path file, DataInputStream in) throws IOException {
        String mode;
        try {
            mode = mode(file, in);
        } catch (EOFException e) {
            // the first two bytes are a string's length: in anything but an ND4J array, a length past the end
            throw bad(file, "its header is not an ND4J array header");
        }
        long length = INT_LENGTH_MODES.contains(mode) ? in.readInt() : in.readLong();
        if (length < 4 || length > MAX_SHAPE_INFO) {
            throw bad(file, "its header declares a shape description of " + length + " values (an array's has 4 to "
                    + MAX_SHAPE_INFO + ")");
        }
        String type = in.readUTF();
        if (!type.equals("LONG") && !type.equals("INT")) {
            throw bad(file, "its header stores the shape as " + describeType(type) + ", not as integers");
        }
        long[] info = new long[(int) length];
        for (int i = 0; i < info.length; i++) {
            info[i] = type.equals("LONG") ? in.readLong() : in.readInt();
        }
        long rank = info[0];
        if (rank < 1 || rank > 2 || length != 2 * rank + 4) {
            throw bad(file, "its header describes an array of rank " + rank + " in " + length + " values; DL4J"
                    + " stores the weights as one vector");
        }
        long[] dims = new long[(int) rank];
        for (int i = 0; i < rank; i++) {
            dims[i] = info[1 + i];
            if (dims[i] < 0) {
                throw bad(file, "its header gives the weights a negative size, " + dims[i]);
            }
        }
        if (rank == 2 && dims[0] != 1 && dims[1] != 1) {
            throw bad(file, "its header gives the weights a " + dims[0] + " × " + dims[1] + " matrix; DL4J stores"
                    + " them as one vector");
        }
        return dims;
    }

    private static String mode(Path file, DataInputStream in) throws IOException {
        String mode = in.readUTF();
        if (!MODES.contains(mode)) {
            throw bad(file, "its header is not an ND4J array header");
        }
        return mode;
    }

    private static String type(Path file, DataInputStream in) throws IOException {
        String type = in.readUTF();
        if (type.equals("FLOAT") || type.equals("DOUBLE")) {
            return type;
        }
        if (SIXTEEN_BIT.contains(type)) {
            throw new ModelLoadException(file, "its weights are stored as 16-bit floats (" + type + "); Shears reads"
                    + " DL4J models whose weights are 32- or 64-bit floats");
        }
        throw bad(file, "its weights are stored as " + describeType(type) + ", not as floating-point numbers");
    }

    private static String describeType(String type) {
        return NOT_FLOATING.contains(type) || SIXTEEN_BIT.contains(type) || type.equals("FLOAT")
                || type.equals("DOUBLE") ? type : "an unknown data type";
    }

    /** Big-endian values into the array's buffer; every one must be finite. */
    private static void fill(Path file, DataInputStream in, DataBuffer target, int count, int bytesPer)
            throws IOException {
        byte[] chunk = new byte[CHUNK * bytesPer];
        ByteBuffer bytes = ByteBuffer.wrap(chunk);
        long nonFinite = 0;
        for (int at = 0; at < count; at += CHUNK) {
            int n = Math.min(CHUNK, count - at);
            in.readFully(chunk, 0, n * bytesPer);
            for (int i = 0; i < n; i++) {
                if (bytesPer == 8) {
                    double v = bytes.getDouble(i * 8);
                    nonFinite += Double.isFinite(v) ? 0 : 1;
                    target.put(at + i, v);
                } else {
                    float v = bytes.getFloat(i * 4);
                    nonFinite += Float.isFinite(v) ? 0 : 1;
                    target.put(at + i, v);
                }
            }
        }
        checkFinite(file, nonFinite);
    }

    private static void checkFinite(Path file, long nonFinite) throws ModelLoadException {
        if (nonFinite > 0) {
            throw new ModelLoadException(file, NonFiniteWeights.sentence(nonFinite));
        }
    }

    private static ModelLoadException bad(Path file, String problem) {
        return new ModelLoadException(file, "its weights (" + Dl4jZip.COEFFICIENTS + ") cannot be read: " + problem);
    }

    private static ModelLoadException truncated(Path file) {
        return new ModelLoadException(file, "its weights (" + Dl4jZip.COEFFICIENTS + ") end early: the file is damaged"
                + " or truncated");
    }
}
