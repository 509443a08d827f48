package dev.shears.io;

import java.io.IOException;
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
        if (!(network instanceof MultiLayerNetwork || network instanceof ComputationGraph)) {
            throw new IOException("cannot save a " + network.getClass().getSimpleName());
        }
        AtomicFiles.write(target, temp -> ModelSerializer.writeModel(network, temp.toFile(), false));
    }
}
