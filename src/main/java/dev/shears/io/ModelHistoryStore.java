package dev.shears.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the undo history's models bounded in memory: the {@code inMemory} most recently used stay,
 * older ones are written (once each) to files in a folder of their own and dropped, and read back
 * when the user returns to them. Writing runs on the store's own thread, so adding a step never
 * waits for a disk; a model being written stays in memory until its file is complete. A model's
 * file goes when the history forgets it (another file opened, a redo tail dropped); the folder
 * is deleted by {@link #close} and, failing that, when the JVM exits.
 */
public final class ModelHistoryStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModelHistoryStore.class);

    private final Path folder;
    private final int inMemory;
    /** Models tracked, least recently used first. */
    private final LinkedHashSet<SpillableModel> recent = new LinkedHashSet<>();
    private final java.util.Set<SpillableModel> pinned = java.util.Collections.newSetFromMap(
            new java.util.IdentityHashMap<>());
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "shears-history-spill");
        t.setDaemon(true);
        return t;
    });
    private int written;

    /**
     * @param parent   where the store makes its folder (the settings folder's cache)
     * @param inMemory how many models stay in memory (at least 1)
     */
    public ModelHistoryStore(Path parent, int inMemory) throws IOException {
        if (inMemory < 1) {
            throw new IllegalArgumentException("at least one model stays in memory, not " + inMemory);
        }
        Files.createDirectories(parent);
        this.folder = Files.createTempDirectory(parent, "history-");
        this.inMemory = inMemory;
        folder.toFile().deleteOnExit();
        Runtime.getRuntime().addShutdownHook(new Thread(this::deleteFolder, "shears-history-cleanup"));
    }

    /**
     * Starts tracking a model (the newest step): it may push the least recently used one out of
     * memory. A pinned model (the opened one, the "before" of every histogram) never leaves memory
     * and counts towards the bound.
     */
    public void track(SpillableModel m, boolean pinned) {
        synchronized (this) {
            if (pinned) {
                this.pinned.add(m);
            }
        }
        touched(m);
    }

    /** The model of a step, read back if it was spilled (then call it off the UI thread); it becomes the most recent. */
    public LoadedModel model(SpillableModel m) {
        return m.model(this);
    }

    /**
     * Stops tracking models no longer in the history (a redo tail dropped, another file opened) and
     * deletes their files: queued behind any spill of them already under way, so none is left behind.
     */
    public void forget(java.util.Collection<SpillableModel> gone) {
        List<SpillableModel> forgotten = List.copyOf(gone);
        synchronized (this) {
            recent.removeAll(forgotten);
            pinned.removeAll(forgotten);
        }
        Runnable delete = () -> forgotten.forEach(SpillableModel::deleteFile);
        try {
            writer.execute(delete);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            delete.run();
        }
    }

    synchronized void touched(SpillableModel m) {
        recent.remove(m);
        recent.add(m);
        List<SpillableModel> beyond = new ArrayList<>();
        int kept = (int) pinned.stream().filter(SpillableModel::inMemory).count();
        List<SpillableModel> newestFirst = new ArrayList<>(recent);
        java.util.Collections.reverse(newestFirst);
        for (SpillableModel candidate : newestFirst) {
            if (!candidate.inMemory() || pinned.contains(candidate)) {
                continue;
            }
            if (++kept > inMemory) {
                beyond.add(candidate);
            }
        }
        for (SpillableModel old : beyond) {
            Path target = folder.resolve("step-" + (++written) + ".model");
            writer.execute(() -> spill(old, target));
        }
    }

    private void spill(SpillableModel m, Path target) {
        synchronized (this) {
            if (!stillBeyond(m)) {
                return; // touched again meanwhile
            }
        }
        try {
            m.writeTo(target);
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not write a step of the history to {}; it stays in memory", target, e);
            return;
        }
        synchronized (this) {
            if (stillBeyond(m)) {
                m.drop();
            }
        }
    }

    /** Whether {@code inMemory} pinned or more recent models in memory leave no room for m. */
    private boolean stillBeyond(SpillableModel m) {
        if (!recent.contains(m) || pinned.contains(m)) {
            return false; // forgotten (its step is gone: nothing to keep it for) or pinned
        }
        int newer = (int) pinned.stream().filter(SpillableModel::inMemory).count();
        boolean after = false;
        for (SpillableModel candidate : recent) {
            if (candidate == m) {
                after = true;
            } else if (after && candidate.inMemory() && !pinned.contains(candidate)) {
                newer++;
            }
        }
        return newer >= inMemory;
    }

    /** Tracked models held in memory now. */
    public synchronized int heldInMemory() {
        return (int) recent.stream().filter(SpillableModel::inMemory).count();
    }

    /** Waits until every spill queued so far is written (tests, and before measuring). */
    public void awaitSpills() throws InterruptedException {
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        writer.execute(done::countDown);
        done.await();
    }

    public Path folder() {
        return folder;
    }

    @Override
    public void close() {
        writer.shutdownNow();
        try {
            writer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deleteFolder();
    }

    private void deleteFolder() {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("Could not delete the history folder {}", folder, e);
        }
    }
}
