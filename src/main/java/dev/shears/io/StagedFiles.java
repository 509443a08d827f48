package dev.shears.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes several files as one set: each is written into a staging folder inside the destination
 * (same file system, so moves are renames), checked by the caller, then moved into place. If any
 * step fails — writing, the caller's check, or a move — the destination is left as it was: files
 * already moved are taken back and files they replaced are restored. {@link #close} removes the
 * staging folder whatever happened.
 */
public final class StagedFiles implements AutoCloseable {
    /** Moves one file; a seam so that a move failing half-way through a commit can be tested. */
    @FunctionalInterface
    interface Mover {
        void move(Path from, Path to) throws IOException;
    }

    private static final String STAGING_PREFIX = ".shears-staging-";
    private final Path destination;
    private final Path staging;
    private final Map<String, Path> staged = new LinkedHashMap<>();

    private StagedFiles(Path destination, Path staging) {
        this.destination = destination;
        this.staging = staging;
    }

    /** A staging folder in {@code destination} (created if missing). */
    public static StagedFiles in(Path destination) throws IOException {
        Path folder = destination.toAbsolutePath().normalize();
        Files.createDirectories(folder);
        return new StagedFiles(folder, Files.createTempDirectory(folder, STAGING_PREFIX));
    }

    /** Whether a file name is a staging folder this class makes (for tests and cleaning up). */
    public static boolean isStaging(Path path) {
        return path.getFileName().toString().startsWith(STAGING_PREFIX);
    }

    /**
     * Writes one file of the set into the staging folder; returns where it is, for checks before
     * {@link #commit}.
     */
    public Path write(String fileName, AtomicFiles.Content content) throws IOException {
        if (staged.containsKey(fileName) || fileName.contains("/") || fileName.contains("\\")) {
            throw new IllegalArgumentException("one plain file name per file of the set: " + fileName);
        }
        Path file = staging.resolve(fileName);
        content.writeTo(file);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException | IOException e) {
            // not a POSIX file system: keep the default permissions
        }
        staged.put(fileName, file);
        return file;
    }

    /** The files written so far, by name, where they will land. */
    public List<Path> targets() {
        return staged.keySet().stream().map(destination::resolve).toList();
    }

    /** Moves every staged file into place; on any failure, puts the destination back as it was. */
    public void commit() throws IOException {
        commit(StagedFiles::moveAtomicallyWherePossible);
    }

    void commit(Mover mover) throws IOException {
        List<Path> placed = new ArrayList<>();
        Map<Path, Path> previous = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, Path> file : staged.entrySet()) {
                Path target = destination.resolve(file.getKey());
                if (Files.isDirectory(target)) {
                    throw new IOException(target + " is a folder");
                }
                if (Files.exists(target)) {
                    Path kept = staging.resolve(".previous-" + file.getKey());
                    mover.move(target, kept);
                    previous.put(target, kept);
                }
                mover.move(file.getValue(), target);
                placed.add(target);
            }
        } catch (IOException | RuntimeException e) {
            rollBack(placed, previous, e);
            throw e;
        }
    }

    private static void rollBack(List<Path> placed, Map<Path, Path> previous, Exception cause) {
        for (Path target : placed) {
            try {
                Files.deleteIfExists(target);
            } catch (IOException e) {
                cause.addSuppressed(e);
            }
        }
        for (Map.Entry<Path, Path> kept : previous.entrySet()) {
            try {
                moveAtomicallyWherePossible(kept.getValue(), kept.getKey());
            } catch (IOException e) {
                cause.addSuppressed(e);
            }
        }
    }

    private static void moveAtomicallyWherePossible(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Removes the staging folder and whatever is left in it (files not committed, replaced files). */
    @Override
    public void close() throws IOException {
        if (!Files.exists(staging)) {
            return;
        }
        try (Stream<Path> files = Files.walk(staging)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
