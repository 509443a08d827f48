package dev.shears.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * SHA-256 over what decides the examples a network sees: the spec's kind and options, the target
 * shape and preprocessing, and every file read (its name relative to the data's root, then its bytes
 * or, for image folders, the SHA-256 of its bytes).
 */
final class Fingerprint {
    private final MessageDigest digest = sha256();

    /** Starts with the spec's kind and options and a description of the target shape and preprocessing. */
    Fingerprint(DataSpec spec, String target) {
        text(spec.kind().name());
        for (Map.Entry<String, String> option : new TreeMap<>(spec.options()).entrySet()) {
            text(option.getKey());
            text(option.getValue());
        }
        text(target);
    }

    Fingerprint file(String relativeName, Path file) throws DataException {
        text(relativeName);
        try {
            text(Long.toString(Files.size(file)));
        } catch (IOException e) {
            throw new DataException("Could not read " + file + " (" + e.getMessage() + ").", e);
        }
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new DataException("Could not read " + file + " (" + e.getMessage() + ").", e);
        }
        return this;
    }

    /** A file already hashed (by {@link #hash}) while it was being read for decoding. */
    Fingerprint fileHash(String relativeName, byte[] contentHash) {
        text(relativeName);
        digest.update(contentHash);
        return this;
    }

    String hex() {
        return HexFormat.of().formatHex(digest.digest());
    }

    static byte[] hash(byte[] bytes) {
        return sha256().digest(bytes);
    }

    private void text(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        // length first so that ("ab", "c") and ("a", "bc") differ
        digest.update(new byte[] {(byte) (bytes.length >>> 24), (byte) (bytes.length >>> 16),
            (byte) (bytes.length >>> 8), (byte) bytes.length});
        digest.update(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
