package dev.shears.onnx;

import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads the bytes of a tensor stored outside the model file (ONNX {@code data_location = EXTERNAL}),
 * only from inside the model's own folder: a location that is absolute, climbs out with "..", or
 * leads out through a symbolic link is refused, so a downloaded model cannot make Shears read
 * arbitrary files.
 */
final class ExternalData {
    private ExternalData() {
    }

    static boolean isExternal(TensorProto tensor) {
        return tensor.getDataLocation() == TensorProto.DataLocation.EXTERNAL;
    }

    /** The location entry of an external tensor, relative to the model's folder as written in the file. */
    static String location(TensorProto tensor) {
        return entry(tensor, "location");
    }

    static byte[] read(Path modelFile, TensorProto tensor) throws OnnxFormatException {
        String name = modelFile.getFileName().toString();
        String location = location(tensor);
        if (location.isEmpty()) {
            throw new OnnxFormatException(modelFile, name + " stores tensor " + tensor.getName()
                    + " externally but does not say where.");
        }
        Path file = resolveInside(modelFile, tensor.getName(), location);
        long offset = number(modelFile, tensor, "offset", 0);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            long length = number(modelFile, tensor, "length", size - offset);
            if (offset < 0 || length < 0 || offset + length > size || length > Integer.MAX_VALUE) {
                throw new OnnxFormatException(modelFile, name + ": the external data of tensor " + tensor.getName()
                        + " lies beyond the end of " + location + ", which is truncated.");
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) length);
            // a positional read may return fewer bytes than asked
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, offset + buffer.position()) < 0) {
                    throw new OnnxFormatException(modelFile, name + ": the external data file " + location
                            + " ended while reading tensor " + tensor.getName() + ".");
                }
            }
            return buffer.array();
        } catch (NoSuchFileException e) {
            throw missing(modelFile, tensor.getName(), location, e);
        } catch (IOException e) {
            throw new OnnxFormatException(modelFile, name + ": the external data file " + location + " of tensor "
                    + tensor.getName() + " cannot be read.", e);
        }
    }

    /** The external file, refused unless it (after following links) lies inside the model's folder. */
    static Path resolveInside(Path modelFile, String tensorName, String location) throws OnnxFormatException {
        String name = modelFile.getFileName().toString();
        Path folder = modelFile.toAbsolutePath().normalize().getParent();
        Path relative;
        try {
            relative = Path.of(location);
        } catch (InvalidPathException e) {
            throw new OnnxFormatException(modelFile, name + " gives tensor " + tensorName + " the external data"
                    + " location \"" + location + "\", which is not a file name.", e);
        }
        Path candidate = folder.resolve(relative).normalize();
        if (relative.isAbsolute() || location.startsWith("/") || location.startsWith("\\")
                || !candidate.startsWith(folder)) {
            throw outside(modelFile, name, tensorName, location);
        }
        boolean inside;
        try {
            inside = candidate.toRealPath().startsWith(folder.toRealPath());
        } catch (NoSuchFileException e) {
            throw missing(modelFile, tensorName, location, e);
        } catch (IOException e) {
            throw new OnnxFormatException(modelFile, name + ": the external data file " + location + " of tensor "
                    + tensorName + " cannot be read.", e);
        }
        if (!inside) {
            throw outside(modelFile, name, tensorName, location);
        }
        return candidate;
    }

    private static OnnxFormatException outside(Path modelFile, String name, String tensorName, String location) {
        return new OnnxFormatException(modelFile, name + " refers to external data " + location + " for tensor "
                + tensorName + ", which lies outside the model's folder; Shears reads external data only from"
                + " inside that folder.");
    }

    private static OnnxFormatException missing(Path modelFile, String tensorName, String location, Exception e) {
        return new OnnxFormatException(modelFile, modelFile.getFileName() + ": the external data file " + location
                + " of tensor " + tensorName + " is missing; it must sit next to the model.", e);
    }

    private static long number(Path modelFile, TensorProto tensor, String key, long fallback)
            throws OnnxFormatException {
        String value = entry(tensor, key);
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new OnnxFormatException(modelFile, modelFile.getFileName() + " gives tensor " + tensor.getName()
                    + " the external data " + key + " \"" + value + "\", which is not a number.", e);
        }
    }

    private static String entry(TensorProto tensor, String key) {
        for (StringStringEntryProto e : tensor.getExternalDataList()) {
            if (e.getKey().equals(key)) {
                return e.getValue();
            }
        }
        return "";
    }
}
