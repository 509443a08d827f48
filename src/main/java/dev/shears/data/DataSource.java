package dev.shears.data;

import dev.shears.model.TensorShape;
import java.util.List;

/**
 * Examples to run a network on — a user's image folder, NumPy arrays, a CSV, IDX files — already
 * shaped as the network takes them (decoding, resizing and normalising happen inside the source).
 * Random access by index so that evaluation can visit a fixed shuffled order and training can
 * shuffle. Implementations are safe to read from one thread at a time.
 */
public interface DataSource {
    /** What a user recognises: "fashion-mnist validation (images 0–4999)", "flowers/ (image folder)". */
    String name();

    int size();

    /** One example's shape as {@link #read} produces it, without the batch axis. */
    TensorShape exampleShape();

    /** Class names by class index; empty when the data has no names for its classes (or no labels). */
    List<String> classNames();

    boolean labelled();

    /**
     * Changes whenever the examples a network would see change — files, their contents, the
     * preprocessing — and not otherwise: caches (sensitivity scans) and provenance key on it.
     */
    String fingerprint();

    /**
     * What a user should know about how the data was read, one sentence each — "3 images could not
     * be read and were skipped: a.png, b.jpg, c.gif." Empty when there is nothing to say.
     */
    default List<String> notes() {
        return List.of();
    }

    /** The examples at these indices, in this order. */
    Examples read(int[] indices) throws DataException;

    /**
     * Every example's label in index order — what fit checks and stratified splits need. Sources
     * that know their labels without decoding inputs should override this.
     */
    default int[] labels() throws DataException {
        if (!labelled()) {
            throw new DataException(name() + " has no labels");
        }
        int[] all = new int[size()];
        int chunk = 1024;
        for (int from = 0; from < all.length; from += chunk) {
            int to = Math.min(all.length, from + chunk);
            int[] part = read(from, to).labels().orElseThrow();
            System.arraycopy(part, 0, all, from, part.length);
        }
        return all;
    }

    /** The first {@code n} examples (all when there are fewer), e.g. for a quicker scan. */
    default DataSource first(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("a number of examples is >= 0, got " + n);
        }
        if (n >= size()) {
            return this;
        }
        int[] indices = new int[n];
        for (int i = 0; i < n; i++) {
            indices[i] = i;
        }
        return new Subset(this, indices, name() + ", first " + n);
    }

    /** Examples [from, to), in order. */
    default Examples read(int from, int to) throws DataException {
        int[] indices = new int[to - from];
        for (int i = 0; i < indices.length; i++) {
            indices[i] = from + i;
        }
        return read(indices);
    }
}
