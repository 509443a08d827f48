package dev.shears.io;

import dev.shears.model.NetworkGraph;
import dev.shears.model.TensorShape;
import dev.shears.onnx.OnnxBackend;
import dev.shears.onnx.OnnxFiles;
import dev.shears.onnx.OnnxFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.deeplearning4j.nn.api.Model;

/**
 * Opens a DL4J ModelSerializer zip as a MultiLayerNetwork or ComputationGraph, a Keras 2 .h5
 * model through DL4J's Keras import ({@link KerasImport}), or an ONNX file ({@link OnnxBackend}); zip
 * and HDF5 are told by the file's first bytes, ONNX (which has no magic bytes) by its name. Checks
 * the file before handing it to a backend so that every failure becomes a {@link ModelLoadException}
 * with a reason a user can act on. Never writes anything.
 */
public final class ModelLoader {
    private static final byte[] HDF5_SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

    private enum Container { ZIP, HDF5, ONNX }

    private ModelLoader() {
    }

    public static LoadedModel load(Path file) throws ModelLoadException {
        return checkedLoad(file, null);
    }

    /**
     * Opens a model, handing {@code outline} the model's outline first when its format can tell it
     * quickly: the graph from the file's configuration — layers, shapes, parameter tensors' shapes, MACs —
     * whose tensors' statistics are {@linkplain dev.shears.model.TensorStats#notRead not read}, before the
     * weights are read and the numeric backend starts (decision 0030). DL4J zips give one (when
     * {@code NetworkGraphReader.outline} knows their layers); Keras and ONNX files do not, they are shown
     * when loaded. The load may still fail after it: the outline is no promise that the model opens.
     *
     * @param outline called at most once, on this thread
     */
    public static LoadedModel load(Path file, java.util.function.Consumer<NetworkGraph> outline)
            throws ModelLoadException {
        return checkedLoad(file, java.util.Objects.requireNonNull(outline));
    }

    private static LoadedModel checkedLoad(Path file, java.util.function.Consumer<NetworkGraph> outline)
            throws ModelLoadException {
        LoadedModel model = open(file, outline);
        Optional<String> nonFinite = NonFiniteWeights.in(model.backend().graph());
        if (nonFinite.isPresent()) {
            throw new ModelLoadException(model.file(), nonFinite.get());
        }
        return model;
    }

    private static LoadedModel open(Path file, java.util.function.Consumer<NetworkGraph> outline)
            throws ModelLoadException {
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
        Model network = Dl4jZip.read(absolute, outline);
        return new LoadedModel(absolute, size, hash(absolute), checked(absolute, network));
    }

    /**
     * The backend of a network DL4J built, once its graph reads and its layers agree with each other
     * for the input size they fix (a dense layer's nIn against what the layer before it gives: layers
     * saved in the wrong order contradict each other here, not in the first forward pass).
     */
    private static Dl4jBackend checked(Path file, Model network) throws ModelLoadException {
        Dl4jBackend backend;
        try {
            backend = Dl4jBackend.of(network);
        } catch (RuntimeException e) {
            throw new ModelLoadException(file, "Shears cannot follow the layers of this network from input to output;"
                    + " the file is damaged or describes a network DL4J would not build", e);
        }
        NetworkGraph graph = backend.graph();
        Optional<String> problem = Optional.empty();
        if (!graph.inputShapeAssumed() && graph.input().isKnown()) {
            Optional<org.deeplearning4j.nn.conf.inputs.InputType> type = ModelInputs.inputType(graph.input());
            if (type.isPresent()) {
                try {
                    problem = InputSizes.of(network).problem(type.get());
                } catch (RuntimeException e) {
                    problem = Optional.of("DL4J cannot compute the sizes its layers give");
                }
            }
        }
        if (problem.isPresent()) {
            throw new ModelLoadException(file, "its layers contradict each other: " + problem.get());
        }
        return backend;
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
