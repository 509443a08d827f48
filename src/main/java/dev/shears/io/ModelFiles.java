package dev.shears.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

/** Saving DL4J models: atomically ({@link AtomicFiles}), without updater state. */
public final class ModelFiles {
    private ModelFiles() {
    }

    public static void save(Model network, Path target) throws IOException {
        Path temp = prepare(network, target);
        try {
            AtomicFiles.commit(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** The network written to a temp file next to {@code target}, not yet moved ({@link AtomicFiles#prepare}). */
    public static Path prepare(Model network, Path target) throws IOException {
        if (!(network instanceof MultiLayerNetwork || network instanceof ComputationGraph)) {
            throw new IOException("cannot save a " + network.getClass().getSimpleName());
        }
        return AtomicFiles.prepare(target, temp -> ModelSerializer.writeModel(network, temp.toFile(), false));
    }
}
