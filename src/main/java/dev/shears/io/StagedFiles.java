package dev.shears.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes several files as one set: each is written into a staging folder inside the destination
 * (same file system, so moves are renames), checked by the caller, then moved into place. If any
 * step fails — writing, the caller's check, or a move — the destination is left as it was: files
 * already moved are taken back and files they replaced are restored. {@link #close} removes the
 * staging folder whatever happened.
 *
 * <p>A process that dies while exporting cannot close: its staging folder stays. Each staging folder
 * therefore holds a lock file, locked while its set is open (the operating system lets go of the
 * lock when the process ends), and the next set staged in the same destination removes the
 * folders whose lock nobody holds — and, where locks cannot be taken, those older than a day.
 */
public final class StagedFiles implements AutoCloseable {
    /** Moves one file; a seam so that a move failing half-way through a commit can be tested. */
    @FunctionalInterface
    interface Mover {
        void move(Path from, Path to) throws IOException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(StagedFiles.class);
    private static final String STAGING_PREFIX = ".shears-staging-";
    /** In every staging folder; locked by the process whose set it holds, as long as the set is open. */
    static final String LOCK_FILE = ".shears-staging.lock";
    /** A staging folder whose lock cannot be tested is left behind by a crash once it is this old. */
    static final Duration STALE_AFTER = Duration.ofDays(1);
    /**
     * This process's open staging folders: never probed, because closing any channel on a file
     * releases every lock the process holds on it (POSIX record locks), the running export's too.
     */
    private static final Set<Path> OPEN_HERE = ConcurrentHashMap.newKeySet();
    private final Path destination;
    private final Path staging;
    private final FileChannel lockChannel;
    private final Map<String, Path> staged = new LinkedHashMap<>();

    private StagedFiles(Path destination, Path staging, FileChannel lockChannel) {
        this.destination = destination;
        this.staging = staging;
        this.lockChannel = lockChannel;
    }

    /**
     * A staging folder in {@code destination} (created if missing), locked as this process's; staging
     * folders an earlier export left there when its process died are removed first.
     */
    public static StagedFiles in(Path destination) throws IOException {
        Path folder = destination.toAbsolutePath().normalize();
        Files.createDirectories(folder);
        removeStale(folder, Instant.now());
        Path staging = Files.createTempDirectory(folder, STAGING_PREFIX);
        OPEN_HERE.add(staging);
        FileChannel lock = null;
        try {
            lock = FileChannel.open(staging.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            lock.lock();
        } catch (IOException | UnsupportedOperationException e) {
            // a file system without locks: the folder is then recognised as stale by its age alone
            LOG.debug("No lock on the staging folder {}", staging, e);
        }
        return new StagedFiles(folder, staging, lock);
    }

    /**
     * Removes the staging folders in {@code folder} that no live process holds: their lock file is not
     * locked by anyone, or — without a lock file, or where locks cannot be taken — they are older
     * than {@link #STALE_AFTER}. What cannot be removed is logged and left.
     *
     * @return the folders removed
     */
    static List<Path> removeStale(Path folder, Instant now) {
        List<Path> removed = new ArrayList<>();
        List<Path> candidates;
        try (Stream<Path> entries = Files.list(folder)) {
            candidates = entries.filter(p -> isStaging(p) && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).toList();
        } catch (IOException e) {
            LOG.warn("Could not look for staging folders left in {}", folder, e);
            return removed;
        }
        for (Path candidate : candidates) {
            if (isAbandoned(candidate, now)) {
                try {
                    deleteTree(candidate);
                    removed.add(candidate);
                    LOG.info("Removed the staging folder {} an export left when its process ended", candidate);
                } catch (IOException | UncheckedIOException e) {
                    LOG.warn("Could not remove the staging folder {} left by an earlier export", candidate, e);
                }
            }
        }
        return removed;
    }

    private static boolean isAbandoned(Path staging, Instant now) {
        if (OPEN_HERE.contains(staging)) {
            return false;
        }
        Path lockFile = staging.resolve(LOCK_FILE);
        if (Files.isRegularFile(lockFile, LinkOption.NOFOLLOW_LINKS)) {
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
                FileLock lock = channel.tryLock();
                if (lock == null) {
                    return false; // another process holds it: its export is running
                }
                lock.release();
                return true;
            } catch (OverlappingFileLockException e) {
                return false; // this process holds it: an export running here
            } catch (IOException | UnsupportedOperationException e) {
                // locks cannot be tested here: fall back on the folder's age
            }
        }
        try {
            return Files.getLastModifiedTime(staging, LinkOption.NOFOLLOW_LINKS).toInstant()
                    .isBefore(now.minus(STALE_AFTER));
        } catch (IOException e) {
            return false;
        }
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
        if (staged.containsKey(fileName) || fileName.contains("/") || fileName.contains("\\")
                || fileName.equals(LOCK_FILE)) {
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
        try {
            if (lockChannel != null) {
                lockChannel.close(); // releases the lock: the folder is no longer this process's
            }
            if (Files.exists(staging)) {
                deleteTree(staging);
            }
        } finally {
            OPEN_HERE.remove(staging);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
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
