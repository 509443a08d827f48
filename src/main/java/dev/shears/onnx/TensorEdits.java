package dev.shears.onnx;

import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.SortedSet;
import java.util.function.IntUnaryOperator;
import java.util.stream.LongStream;

/**
 * Builds changed copies of a floating-point {@link TensorProto} — sliced along axes or with values set
 * to zero — in the tensor's own data type and storage field, element by element, so kept values keep
 * their exact bits. A tensor read from an external file comes back with its data inline (raw_data):
 * the external file still holds the original.
 */
final class TensorEdits {
    private TensorEdits() {
    }

    /** The tensor without the indices in {@code removed.get(axis)} along each axis. */
    static TensorProto sliced(TensorProto tensor, byte[] external, List<SortedSet<Long>> removed) {
        long[] dims = tensor.getDimsList().stream().mapToLong(Long::longValue).toArray();
        long[] newDims = dims.clone();
        List<int[]> kept = new ArrayList<>();
        for (int axis = 0; axis < dims.length; axis++) {
            SortedSet<Long> cut = removed.get(axis);
            newDims[axis] -= cut.size();
            kept.add(LongStream.range(0, dims[axis]).filter(i -> !cut.contains(i))
                    .mapToInt(Math::toIntExact).toArray());
        }
        int[] source = keptSourceIndices(dims, kept);
        TensorProto.Builder builder = withValues(tensor, external, source.length, i -> source[i], new BitSet());
        builder.clearDims();
        for (long d : newDims) {
            builder.addDims(d);
        }
        return builder.build();
    }

    /** The tensor, same shape, with the values at the given C-order indices set to zero. */
    static TensorProto zeroed(TensorProto tensor, byte[] external, BitSet zeros) {
        int n = Math.toIntExact(TensorValues.elementCount(tensor));
        return withValues(tensor, external, n, i -> i, zeros).build();
    }

    /** The INT64 tensor with new values, same shape, stored the way the original stores its values. */
    static TensorProto withLongs(TensorProto tensor, long[] values) {
        if (tensor.getDataType() != TensorProto.DataType.INT64_VALUE || tensor.getDataLocation()
                == TensorProto.DataLocation.EXTERNAL || TensorValues.elementCount(tensor) != values.length) {
            throw new IllegalArgumentException("tensor " + tensor.getName() + " is not an inline INT64 tensor of "
                    + values.length + " values");
        }
        TensorProto.Builder builder = tensor.toBuilder();
        if (tensor.hasRawData()) {
            ByteBuffer raw = ByteBuffer.allocate(values.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            raw.asLongBuffer().put(values);
            return builder.setRawData(ByteString.copyFrom(raw.array())).build();
        }
        builder.clearInt64Data();
        for (long v : values) {
            builder.addInt64Data(v);
        }
        return builder.build();
    }

    /**
     * The FLOAT or DOUBLE tensor with new values, same shape, stored inline (raw little-endian bytes):
     * an external tensor becomes inline, as the sliced ones do.
     */
    static TensorProto withReals(TensorProto tensor, float[] values) {
        int type = tensor.getDataType();
        if ((type != DataType.FLOAT_VALUE && type != DataType.DOUBLE_VALUE)
                || TensorValues.elementCount(tensor) != values.length) {
            throw new IllegalArgumentException("tensor " + tensor.getName() + " is not a float tensor of "
                    + values.length + " values");
        }
        boolean doubles = type == DataType.DOUBLE_VALUE;
        ByteBuffer raw = ByteBuffer.allocate(values.length * (doubles ? Double.BYTES : Float.BYTES))
                .order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            if (doubles) {
                raw.putDouble(v);
            } else {
                raw.putFloat(v);
            }
        }
        return tensor.toBuilder().clearExternalData().clearDataLocation().clearFloatData().clearDoubleData()
                .setRawData(ByteString.copyFrom(raw.array())).build();
    }

    /** C-order indices of the source elements that remain, in the order they appear in the result. */
    private static int[] keptSourceIndices(long[] dims, List<int[]> kept) {
        int rank = dims.length;
        long[] strides = new long[rank];
        long stride = 1;
        for (int a = rank - 1; a >= 0; a--) {
            strides[a] = stride;
            stride *= dims[a];
        }
        long count = 1;
        for (int[] k : kept) {
            count *= k.length;
        }
        int[] source = new int[Math.toIntExact(count)];
        int[] position = new int[rank];
        for (int i = 0; i < source.length; i++) {
            long index = 0;
            for (int a = 0; a < rank; a++) {
                index += kept.get(a)[position[a]] * strides[a];
            }
            source[i] = Math.toIntExact(index);
            for (int a = rank - 1; a >= 0; a--) {
                if (++position[a] < kept.get(a).length) {
                    break;
                }
                position[a] = 0;
            }
        }
        return source;
    }

    /**
     * A builder holding {@code count} values: value i is the source element {@code source(i)}, or zero
     * where {@code zeros} has i; stored the way the original stores its values.
     */
    private static TensorProto.Builder withValues(TensorProto tensor, byte[] external, int count,
                                                  IntUnaryOperator source, BitSet zeros) {
        TensorProto.Builder builder = tensor.toBuilder();
        int n = Math.toIntExact(TensorValues.elementCount(tensor));
        if (external != null || tensor.hasRawData()) {
            byte[] raw = external != null ? external : tensor.getRawData().toByteArray();
            int width = n == 0 ? 0 : raw.length / n;
            byte[] out = new byte[count * width];
            for (int i = 0; i < count; i++) {
                // all-zero bytes are +0 in every IEEE format
                if (!zeros.get(i)) {
                    System.arraycopy(raw, source.applyAsInt(i) * width, out, i * width, width);
                }
            }
            return builder.clearExternalData().clearDataLocation().setRawData(ByteString.copyFrom(out));
        }
        DataType type = DataType.forNumber(tensor.getDataType());
        switch (type == null ? DataType.UNDEFINED : type) {
            case FLOAT -> {
                builder.clearFloatData();
                for (int i = 0; i < count; i++) {
                    builder.addFloatData(zeros.get(i) ? 0f : tensor.getFloatData(source.applyAsInt(i)));
                }
            }
            case DOUBLE -> {
                builder.clearDoubleData();
                for (int i = 0; i < count; i++) {
                    builder.addDoubleData(zeros.get(i) ? 0d : tensor.getDoubleData(source.applyAsInt(i)));
                }
            }
            case FLOAT16, BFLOAT16 -> {
                // one 16-bit pattern per int32 element; pattern 0 is +0
                builder.clearInt32Data();
                for (int i = 0; i < count; i++) {
                    builder.addInt32Data(zeros.get(i) ? 0 : tensor.getInt32Data(source.applyAsInt(i)));
                }
            }
            default -> throw new IllegalArgumentException("tensor " + tensor.getName() + " of data type "
                    + tensor.getDataType() + " holds no weights that pruning changes");
        }
        return builder;
    }
}
