package dev.shears.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes a file so that readers see the old content or the new one, never half: a temp file in the
 * same folder, then an atomic move over the target.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Fills a temp file; called once, before the move. */
    @FunctionalInterface
    public interface Content {
        void writeTo(Path temp) throws IOException;
    }

    public static void write(Path target, Content content) throws IOException {
        Path temp = prepare(target, content);
        try {
            commit(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * The first half of {@link #write}: a filled temp file next to {@code target}, for writing several
     * files as a set (all prepared, checked, then committed). The caller deletes it if it is not
     * committed; it is deleted here if filling it fails.
     */
    public static Path prepare(Path target, Content content) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path folder = absolute.getParent();
        Files.createDirectories(folder);
        Path temp = Files.createTempFile(folder, "." + absolute.getFileName(), ".tmp");
        try {
            content.writeTo(temp);
            readableByAll(temp);
            return temp;
        } catch (IOException | RuntimeException | Error e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    /** The second half of {@link #write}: moves a prepared temp file over its target atomically. */
    public static void commit(Path temp, Path target) throws IOException {
        Files.move(temp, target.toAbsolutePath(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public static void writeString(Path target, String text) throws IOException {
        write(target, temp -> Files.writeString(temp, text, StandardCharsets.UTF_8));
    }

    /** Temp files are created owner-only; a saved file should get the usual rw-r--r--. */
    private static void readableByAll(Path file) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException | IOException e) {
            // not a POSIX file system: keep the default permissions
        }
    }
}
