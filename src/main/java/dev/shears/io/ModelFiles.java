package dev.shears.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

/** Saving DL4J models: atomically ({@link AtomicFiles}), without updater state; identifying model files. */
public final class ModelFiles {
    private ModelFiles() {
    }

    public static void save(Model network, Path target) throws IOException {
        if (!(network instanceof MultiLayerNetwork || network instanceof ComputationGraph)) {
            throw new IOException("cannot save a " + network.getClass().getSimpleName());
        }
        AtomicFiles.write(target, temp -> ModelSerializer.writeModel(network, temp.toFile(), false));
    }

    /** SHA-256 of the file's bytes, lower-case hex: what provenance records and caches are keyed by. */
    public static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
