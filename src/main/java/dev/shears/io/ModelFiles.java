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

    /**
     * Bytes the network takes as a DL4J zip (as {@link #save} writes it), measured by writing it to a
     * counting stream: nothing touches the disk.
     */
    public static long zipBytes(Model network) throws IOException {
        long[] count = new long[1];
        java.io.OutputStream counter = new java.io.OutputStream() {
            @Override
            public void write(int b) {
                count[0]++;
            }

            @Override
            public void write(byte[] b, int off, int len) {
                count[0] += len;
            }
        };
        ModelSerializer.writeModel(network, counter, false);
        return count[0];
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

    /** Hashes already computed, by file, size and modification time: an unchanged file is read once. */
    private static final java.util.Map<String, String> SHA256_BY_FILE_STATE =
            new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * SHA-256 of the file's bytes, lower-case hex: what provenance records and caches are keyed by.
     * Remembered while the file keeps its size and modification time, so every Apply, export or cache
     * lookup of the same model does not read it again.
     */
    public static String sha256(Path file) throws IOException {
        Path absolute = file.toAbsolutePath().normalize();
        String state = absolute + "|" + Files.size(absolute) + "|" + Files.getLastModifiedTime(absolute).toMillis();
        String known = SHA256_BY_FILE_STATE.get(state);
        if (known != null) {
            return known;
        }
        String hash = hash(absolute);
        SHA256_BY_FILE_STATE.put(state, hash);
        return hash;
    }

    private static String hash(Path file) throws IOException {
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
