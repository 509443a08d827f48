package dev.shears.io;

import dev.shears.model.NetworkGraph;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A model of the undo history that may leave memory: written once to a file of its own format in
 * the {@link ModelHistoryStore}'s folder, then dropped, and read back when asked for. Its graph
 * (layers, shapes, statistics: small) stays, so lists and titles never need the network itself.
 * Thread-safe: the store spills on its own thread while the window asks for models.
 */
public final class SpillableModel {
    private static final Logger LOG = LoggerFactory.getLogger(SpillableModel.class);
    private final Path file;
    private final long fileBytes;
    /** The opened file's hash, kept from load time: provenance without the file. */
    private final String sourceSha256;
    private final NetworkGraph graph;
    private final ModelBackend.Rereader rereader;
    private volatile LoadedModel held;
    private volatile Path spilled;

    SpillableModel(LoadedModel model) {
        this.file = model.file();
        this.fileBytes = model.fileBytes();
        this.sourceSha256 = model.sourceSha256();
        this.graph = model.graph();
        this.rereader = model.backend().rereader();
        this.held = model;
    }

    /** A model that only ever lives in memory (no store: tests, and models pushed before a store exists). */
    public static SpillableModel inMemory(LoadedModel model) {
        return new SpillableModel(model);
    }

    /** The graph, without reading the model back. */
    public NetworkGraph graph() {
        return graph;
    }

    /** Never waits: the UI asks it to decide whether going back to this step needs a background task. */
    public boolean inMemory() {
        return held != null;
    }

    /** The model in memory, if it is: never reads from disk. */
    public Optional<LoadedModel> ifInMemory() {
        return Optional.ofNullable(held);
    }

    /**
     * The model: the one in memory, or read back from its spill file (seconds for a big model: call it
     * off the UI thread when {@link #inMemory()} is false). Read back, the same graph object serves it.
     *
     * @throws UncheckedIOException when the spill file cannot be read
     */
    public LoadedModel model() {
        return model(null);
    }

    LoadedModel model(ModelHistoryStore store) {
        LoadedModel m;
        synchronized (this) {
            if (held == null) {
                try {
                    held = new LoadedModel(file, fileBytes, sourceSha256, rereader.read(spilled));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read back a step of the history from " + spilled, e);
                }
            }
            m = held;
        }
        if (store != null) {
            store.touched(this);
        }
        return m;
    }

    /**
     * Writes the model to {@code target} unless it was written before; the caller then may
     * {@link #drop}. Holds no lock while writing, so the window never waits for the disk.
     */
    void writeTo(Path target) throws IOException {
        LoadedModel m = held;
        if (spilled == null && m != null) {
            AtomicFiles.write(target, m.backend()::write);
            spilled = target;
        }
    }

    /**
     * Deletes the spill file, once the history no longer has this step: waits for a read-back under
     * way. In memory, the model stays usable; dropped, it can no longer be read back.
     */
    synchronized void deleteFile() {
        Path file = spilled;
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("Could not delete {}, a step of a history no longer shown; it goes when Shears exits", file, e);
            return;
        }
        if (held != null) {
            spilled = null;
        }
    }

    /** Lets go of the model in memory, if it has been written. */
    synchronized boolean drop() {
        if (spilled == null || held == null) {
            return false;
        }
        held = null;
        return true;
    }
}
