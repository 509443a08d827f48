package dev.shears.onnx;

import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * Decodes the values of a {@link TensorProto}: {@code raw_data} (always little-endian), the typed
 * repeated fields (float_data, double_data, int32_data, int64_data) or external bytes.
 */
final class TensorValues {
    private TensorValues() {
    }

    static long elementCount(TensorProto tensor) {
        long n = 1;
        for (long d : tensor.getDimsList()) {
            n *= d;
        }
        return n;
    }

    /** Float values of a FLOAT, DOUBLE or FLOAT16 tensor; {@code external} holds its bytes when stored outside. */
    static float[] floats(Path file, TensorProto tensor, byte[] external) throws OnnxFormatException {
        DataType type = dataType(tensor);
        int n = Math.toIntExact(elementCount(tensor));
        ByteBuffer raw = rawBytes(tensor, external);
        float[] values = new float[n];
        switch (type) {
            case FLOAT -> {
                if (raw != null) {
                    checkLength(file, tensor, raw, n, Float.BYTES);
                    raw.asFloatBuffer().get(values);
                } else {
                    checkCount(file, tensor, tensor.getFloatDataCount(), n);
                    for (int i = 0; i < n; i++) {
                        values[i] = tensor.getFloatData(i);
                    }
                }
            }
            case DOUBLE -> {
                if (raw != null) {
                    checkLength(file, tensor, raw, n, Double.BYTES);
                    for (int i = 0; i < n; i++) {
                        values[i] = (float) raw.getDouble(i * Double.BYTES);
                    }
                } else {
                    checkCount(file, tensor, tensor.getDoubleDataCount(), n);
                    for (int i = 0; i < n; i++) {
                        values[i] = (float) tensor.getDoubleData(i);
                    }
                }
            }
            case FLOAT16 -> {
                if (raw != null) {
                    checkLength(file, tensor, raw, n, Short.BYTES);
                    for (int i = 0; i < n; i++) {
                        values[i] = halfToFloat(raw.getShort(i * Short.BYTES));
                    }
                } else {
                    // int32_data holds one half-precision bit pattern per element
                    checkCount(file, tensor, tensor.getInt32DataCount(), n);
                    for (int i = 0; i < n; i++) {
                        values[i] = halfToFloat((short) tensor.getInt32Data(i));
                    }
                }
            }
            default -> throw unsupported(file, tensor, type, "floating-point values");
        }
        return values;
    }

    /** Integer values of an INT64 or INT32 tensor (shapes, pads, axes). */
    static long[] longs(Path file, TensorProto tensor, byte[] external) throws OnnxFormatException {
        DataType type = dataType(tensor);
        int n = Math.toIntExact(elementCount(tensor));
        ByteBuffer raw = rawBytes(tensor, external);
        long[] values = new long[n];
        switch (type) {
            case INT64 -> {
                if (raw != null) {
                    checkLength(file, tensor, raw, n, Long.BYTES);
                    raw.asLongBuffer().get(values);
                } else {
                    checkCount(file, tensor, tensor.getInt64DataCount(), n);
                    for (int i = 0; i < n; i++) {
                        values[i] = tensor.getInt64Data(i);
                    }
                }
            }
            case INT32 -> {
                if (raw != null) {
                    checkLength(file, tensor, raw, n, Integer.BYTES);
                    for (int i = 0; i < n; i++) {
                        values[i] = raw.getInt(i * Integer.BYTES);
                    }
                } else {
                    checkCount(file, tensor, tensor.getInt32DataCount(), n);
                    for (int i = 0; i < n; i++) {
                        values[i] = tensor.getInt32Data(i);
                    }
                }
            }
            default -> throw unsupported(file, tensor, type, "integer values");
        }
        return values;
    }

    static boolean isFloatingPoint(TensorProto tensor) {
        return switch (tensor.getDataType()) {
            case TensorProto.DataType.FLOAT_VALUE, TensorProto.DataType.DOUBLE_VALUE,
                    TensorProto.DataType.FLOAT16_VALUE -> true;
            default -> false;
        };
    }

    private static DataType dataType(TensorProto tensor) {
        DataType type = DataType.forNumber(tensor.getDataType());
        return type == null ? DataType.UNDEFINED : type;
    }

    private static ByteBuffer rawBytes(TensorProto tensor, byte[] external) {
        if (external != null) {
            return ByteBuffer.wrap(external).order(ByteOrder.LITTLE_ENDIAN);
        }
        if (tensor.hasRawData()) {
            ByteString raw = tensor.getRawData();
            return raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        }
        return null;
    }

    private static void checkLength(Path file, TensorProto tensor, ByteBuffer raw, int n, int width)
            throws OnnxFormatException {
        if (raw.remaining() != (long) n * width) {
            throw new OnnxFormatException(file, file.getFileName() + ": tensor " + tensor.getName() + " has "
                    + raw.remaining() + " bytes of data where its shape needs " + (long) n * width + ".");
        }
    }

    private static void checkCount(Path file, TensorProto tensor, int count, int n) throws OnnxFormatException {
        if (count != n) {
            throw new OnnxFormatException(file, file.getFileName() + ": tensor " + tensor.getName() + " has "
                    + count + " values where its shape needs " + n + ".");
        }
    }

    private static OnnxFormatException unsupported(Path file, TensorProto tensor, DataType type, String wanted) {
        String typeName = type == DataType.UNDEFINED ? "number " + tensor.getDataType() : type.name();
        return new OnnxFormatException(file, file.getFileName() + ": tensor " + tensor.getName() + " has the data type "
                + typeName + ", which is not supported where Shears needs " + wanted + ".");
    }

    /** IEEE 754 half precision to float (Float.float16ToFloat arrives only in Java 20). */
    static float halfToFloat(short bits) {
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1f;
        int mantissa = bits & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            float subnormal = mantissa * 0x1p-24f;
            return sign == 0 ? subnormal : -subnormal;
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }
}
