package dev.shears.onnx;

import java.nio.file.Path;
import java.util.Locale;

/** Which files the ONNX backend opens: ONNX has no magic bytes, so the {@code .onnx} extension decides. */
public final class OnnxFiles {
    private OnnxFiles() {
    }

    public static boolean isOnnx(Path file) {
        Path name = file.getFileName();
        return name != null && name.toString().toLowerCase(Locale.ROOT).endsWith(".onnx");
    }

    /** The model and its graph, or an {@link OnnxFormatException} sentence naming the file. */
    public static OnnxNetwork open(Path file) throws OnnxFormatException {
        return OnnxGraphReader.read(OnnxModel.read(file.toAbsolutePath().normalize()));
    }
}
