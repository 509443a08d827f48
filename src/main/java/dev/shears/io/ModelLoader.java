package dev.shears.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * Opens a DL4J ModelSerializer zip as a MultiLayerNetwork or ComputationGraph. Checks the file
 * before handing it to DL4J so that every failure becomes a {@link ModelLoadException} with a reason
 * a user can act on. Never writes anything.
 */
public final class ModelLoader {
    private static final String CONFIGURATION = "configuration.json";
    private static final String COEFFICIENTS = "coefficients.bin";

    private ModelLoader() {
    }

    public static LoadedModel load(Path file) throws ModelLoadException {
        Path absolute = file.toAbsolutePath().normalize();
        long size = checkReadable(absolute);
        String configJson = readConfiguration(absolute);
        Model network = restore(absolute, configJson);
        return LoadedModel.of(absolute, size, network);
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
            byte[] head = new byte[4];
            try (InputStream in = Files.newInputStream(file)) {
                int n = in.readNBytes(head, 0, 4);
                if (n < 4 || head[0] != 'P' || head[1] != 'K') {
                    throw new ModelLoadException(file, "not a zip file (a DL4J model is a ModelSerializer .zip)");
                }
            }
            return size;
        } catch (ModelLoadException e) {
            throw e;
        } catch (IOException e) {
            throw new ModelLoadException(file, "cannot read: " + e.getMessage(), e);
        }
    }

    private static String readConfiguration(Path file) throws ModelLoadException {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry config = zip.getEntry(CONFIGURATION);
            ZipEntry coefficients = zip.getEntry(COEFFICIENTS);
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
    private static String detail(Throwable root) {
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
