package dev.shears.io;

import dev.shears.model.TensorShape;
import dev.shears.onnx.OnnxBackend;
import dev.shears.onnx.OnnxFiles;
import dev.shears.onnx.OnnxFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

/**
 * Opens a DL4J ModelSerializer zip as a MultiLayerNetwork or ComputationGraph, a Keras 2 .h5
 * model through DL4J's Keras import ({@link KerasImport}), or an ONNX file ({@link OnnxBackend}); zip
 * and HDF5 are told by the file's first bytes, ONNX (which has no magic bytes) by its name. Checks
 * the file before handing it to a backend so that every failure becomes a {@link ModelLoadException}
 * with a reason a user can act on. Never writes anything.
 */
public final class ModelLoader {
    private static final String CONFIGURATION = "configuration.json";
    private static final String COEFFICIENTS = "coefficients.bin";
    private static final byte[] HDF5_SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
    /** What a Keras 3 {@code .keras} archive holds instead of a DL4J configuration. */
    private static final String KERAS3_CONFIG = "config.json";
    private static final String KERAS3_WEIGHTS = "model.weights.h5";

    private enum Container { ZIP, HDF5, ONNX }

    private ModelLoader() {
    }

    public static LoadedModel load(Path file) throws ModelLoadException {
        Path absolute = file.toAbsolutePath().normalize();
        long size = checkReadable(absolute);
        if (container(absolute) == Container.HDF5) {
            KerasImport.Imported imported = KerasImport.load(absolute);
            return new LoadedModel(absolute, size, hash(absolute), Dl4jBackend.imported(imported.network(), imported.input()));
        }
        if (container(absolute) == Container.ONNX) {
            try {
                return new LoadedModel(absolute, size, hash(absolute), OnnxBackend.open(absolute));
            } catch (OnnxFormatException e) {
                // its sentence starts with the file's name, which ModelLoadException puts first already
                String name = absolute.getFileName() + " ";
                String sentence = e.getMessage();
                throw new ModelLoadException(absolute, sentence.startsWith(name) ? sentence.substring(name.length())
                        : sentence, e);
            }
        }
        String configJson = readConfiguration(absolute);
        Model network = restore(absolute, configJson);
        return new LoadedModel(absolute, size, hash(absolute), Dl4jBackend.of(network));
    }

    /**
     * Opens a model and reads it with the input size the user gave (C,H,W for images), for files that
     * do not record it; see {@link LoadedModel#withInputShape}.
     */
    public static LoadedModel load(Path file, TensorShape inputShape) throws ModelLoadException {
        return load(file).withInputShape(inputShape);
    }

    /** The opened file's SHA-256, taken now: Apply and export must not need the file later. */
    private static String hash(Path file) throws ModelLoadException {
        try {
            return ModelFiles.sha256(file);
        } catch (IOException e) {
            throw new ModelLoadException(file, "cannot be read (" + e.getMessage() + ")", e);
        }
    }

    private static long checkReadable(Path file) throws ModelLoadException {
        if (!Files.exists(file)) {
            throw new ModelLoadException(file, "file not found");
        }
        if (Files.isDirectory(file)) {
            throw new ModelLoadException(file, "is a folder, not a model file");
        }
        if (!Files.isReadable(file)) {
            throw new ModelLoadException(file, "not readable (permissions)");
        }
        try {
            long size = Files.size(file);
            if (size == 0) {
                throw new ModelLoadException(file, "the file is empty");
            }
            return size;
        } catch (ModelLoadException e) {
            throw e;
        } catch (IOException e) {
            throw new ModelLoadException(file, "cannot read: " + e.getMessage(), e);
        }
    }

    /** By the first bytes: "PK" starts a zip, the 8-byte HDF5 signature a Keras .h5 file. */
    private static Container container(Path file) throws ModelLoadException {
        byte[] head = new byte[HDF5_SIGNATURE.length];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            throw new ModelLoadException(file, "cannot read: " + e.getMessage(), e);
        }
        if (n >= 2 && head[0] == 'P' && head[1] == 'K') {
            return Container.ZIP;
        }
        if (n == HDF5_SIGNATURE.length && Arrays.equals(head, HDF5_SIGNATURE)) {
            return Container.HDF5;
        }
        if (OnnxFiles.isOnnx(file)) {
            return Container.ONNX;
        }
        throw new ModelLoadException(file, "not a zip file nor an HDF5 file nor named .onnx (Shears opens DL4J"
                + " ModelSerializer .zip, Keras 2 .h5 and ONNX .onnx models)");
    }

    private static String readConfiguration(Path file) throws ModelLoadException {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry config = zip.getEntry(CONFIGURATION);
            ZipEntry coefficients = zip.getEntry(COEFFICIENTS);
            if (config == null && zip.getEntry(KERAS3_CONFIG) != null && zip.getEntry(KERAS3_WEIGHTS) != null) {
                throw new ModelLoadException(file, "a Keras 3 .keras archive, which DL4J cannot import; save the model"
                        + " in Keras 2 format with model.save('model.h5')");
            }
            if (config == null || coefficients == null) {
                throw new ModelLoadException(file, "a zip, but not a DL4J model (no " + CONFIGURATION + " and "
                        + COEFFICIENTS + " inside)");
            }
            try (InputStream in = zip.getInputStream(config)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (ModelLoadException e) {
            throw e;
        } catch (ZipException e) {
            throw new ModelLoadException(file, "damaged or truncated zip (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new ModelLoadException(file, "cannot read the zip: " + e.getMessage(), e);
        }
    }

    private static Model restore(Path file, String configJson) throws ModelLoadException {
        boolean graph = configJson.contains("\"vertices\"");
        try {
            if (graph) {
                ComputationGraphConfiguration.fromJson(configJson);
                return ModelSerializer.restoreComputationGraph(file.toFile(), false);
            }
            MultiLayerConfiguration.fromJson(configJson);
            return ModelSerializer.restoreMultiLayerNetwork(file.toFile(), false);
        } catch (OutOfMemoryError e) {
            throw new ModelLoadException(file, "not enough memory to load this model (" + e.getMessage() + ")", e);
        } catch (Exception | LinkageError e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            throw new ModelLoadException(file, "DL4J could not read this " + (graph ? "ComputationGraph" :
                    "MultiLayerNetwork") + " (" + detail(root) + ")", e);
        }
    }

    /** The root cause in words; a bare class name such as "EOFException" means nothing to a user. */
    static String detail(Throwable root) {
        if (root instanceof java.io.EOFException) {
            return "its data ends early: the file is damaged or truncated";
        }
        return root.getMessage() == null ? "unreadable content" : firstLine(root.getMessage());
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }
}
