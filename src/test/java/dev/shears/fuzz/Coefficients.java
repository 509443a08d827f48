package dev.shears.fuzz;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;

/**
 * A DL4J {@code coefficients.bin} taken apart so that one header field at a time can be changed: ND4J's
 * {@code Nd4j.write} layout — the shape-info buffer (allocation mode, length, data type, values) then
 * the data buffer (allocation mode, length, data type, big-endian values). Modes before LONG_SHAPE
 * write their length as an int.
 */
record Coefficients(String shapeMode, long shapeLength, String shapeType, long[] shapeInfo, String dataMode,
                    long dataLength, String dataType, byte[] data) {
    private static final Set<String> INT_LENGTH_MODES = Set.of("HEAP", "JAVACPP", "DIRECT");

    static Coefficients parse(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            String shapeMode = in.readUTF();
            long shapeLength = in.readLong();
            String shapeType = in.readUTF();
            long[] shapeInfo = new long[(int) shapeLength];
            for (int i = 0; i < shapeInfo.length; i++) {
                shapeInfo[i] = in.readLong();
            }
            String dataMode = in.readUTF();
            long dataLength = in.readLong();
            String dataType = in.readUTF();
            return new Coefficients(shapeMode, shapeLength, shapeType, shapeInfo, dataMode, dataLength, dataType,
                    in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    byte[] bytes() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            out.writeUTF(shapeMode);
            writeLength(out, shapeMode, shapeLength);
            out.writeUTF(shapeType);
            for (long v : shapeInfo) {
                if (shapeType.equals("INT")) {
                    out.writeInt((int) v);
                } else {
                    out.writeLong(v);
                }
            }
            out.writeUTF(dataMode);
            writeLength(out, dataMode, dataLength);
            out.writeUTF(dataType);
            out.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    private static void writeLength(DataOutputStream out, String mode, long length) throws IOException {
        if (INT_LENGTH_MODES.contains(mode)) {
            out.writeInt((int) length);
        } else {
            out.writeLong(length);
        }
    }

    Coefficients withShapeLength(long length) {
        return new Coefficients(shapeMode, length, shapeType, shapeInfo, dataMode, dataLength, dataType, data);
    }

    Coefficients withShapeInfo(long[] info) {
        return new Coefficients(shapeMode, shapeLength, shapeType, info, dataMode, dataLength, dataType, data);
    }

    Coefficients withShapeInfoValue(int index, long value) {
        long[] info = shapeInfo.clone();
        info[index] = value;
        return withShapeInfo(info);
    }

    Coefficients withShapeType(String type) {
        return new Coefficients(shapeMode, shapeLength, type, shapeInfo, dataMode, dataLength, dataType, data);
    }

    Coefficients withModes(String shape, String dataModeName) {
        return new Coefficients(shape, shapeLength, shapeType, shapeInfo, dataModeName, dataLength, dataType, data);
    }

    Coefficients withDataLength(long length) {
        return new Coefficients(shapeMode, shapeLength, shapeType, shapeInfo, dataMode, length, dataType, data);
    }

    Coefficients withDataType(String type) {
        return new Coefficients(shapeMode, shapeLength, shapeType, shapeInfo, dataMode, dataLength, type, data);
    }

    Coefficients withData(byte[] bytes) {
        return new Coefficients(shapeMode, shapeLength, shapeType, shapeInfo, dataMode, dataLength, dataType, bytes);
    }

    /** The same weights as float64 (a valid file DL4J writes for double networks) or float16. */
    Coefficients reencoded(String type) {
        int count = data.length / 4;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data));
             DataOutputStream out = new DataOutputStream(buffer)) {
            for (int i = 0; i < count; i++) {
                float v = in.readFloat();
                switch (type) {
                    case "DOUBLE" -> out.writeDouble(v);
                    case "HALF" -> out.writeShort(half(v));
                    default -> throw new IllegalArgumentException(type);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return withDataType(type).withData(buffer.toByteArray());
    }

    /** IEEE 754 binary16, truncating the mantissa: what the corpus needs is a well-formed HALF buffer. */
    private static short half(float value) {
        int bits = Float.floatToIntBits(value);
        int sign = (bits >>> 16) & 0x8000;
        int exponent = ((bits >>> 23) & 0xff) - 127 + 15;
        int mantissa = (bits >>> 13) & 0x3ff;
        if (exponent <= 0) {
            return (short) sign;
        }
        if (exponent >= 31) {
            return (short) (sign | 0x7bff);
        }
        return (short) (sign | exponent << 10 | mantissa);
    }
}
