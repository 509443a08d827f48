package dev.shears.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

/** Saving DL4J models: atomically (temp file in the same folder, then move), without updater state. */
public final class ModelFiles {
    private ModelFiles() {
    }

    public static void save(Model network, Path target) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path folder = absolute.getParent();
        Files.createDirectories(folder);
        Path temp = Files.createTempFile(folder, "." + absolute.getFileName(), ".tmp");
        try {
            if (network instanceof MultiLayerNetwork || network instanceof ComputationGraph) {
                ModelSerializer.writeModel(network, temp.toFile(), false);
            } else {
                throw new IOException("cannot save a " + network.getClass().getSimpleName());
            }
            readableByAll(temp);
            Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Temp files are created owner-only; a saved model should get the usual rw-r--r--. */
    private static void readableByAll(Path file) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException | IOException e) {
            // not a POSIX file system: keep the default permissions
        }
    }
}
