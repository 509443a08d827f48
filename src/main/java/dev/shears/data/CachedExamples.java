package dev.shears.data;

import dev.shears.model.TensorShape;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Items (image files, IDX images) decoded once, on all cores, into an {@link ExampleCache}; items that
 * fail to decode are left out and reported by index. Reads then only copy floats.
 */
final class CachedExamples {
    private static final Logger LOG = LoggerFactory.getLogger(CachedExamples.class);

    /** Decodes one item into {@code out}; any exception (or a decoder's linkage error) means the item cannot be read. */
    interface Decoder {
        void decode(int item, float[] out) throws Exception;
    }

    private final ExampleCache cache;
    private final int[] slots;
    private final List<Integer> failed;
    private final TensorShape shape;

    private CachedExamples(ExampleCache cache, int[] slots, List<Integer> failed, TensorShape shape) {
        this.cache = cache;
        this.slots = slots;
        this.failed = failed;
        this.shape = shape;
    }

    /** Decodes items 0..items-1 with {@code decoder}, the work spread over the available processors. */
    static CachedExamples decode(int items, TensorShape shape, long memoryBytes, Decoder decoder) throws IOException {
        int per = (int) shape.elements();
        ExampleCache cache = new ExampleCache(items, per, memoryBytes);
        boolean[] ok = new boolean[items];
        int threads = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), items));
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "shears-decode");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(() -> {
                    float[] example = new float[per];
                    for (int item; (item = next.getAndIncrement()) < items; ) {
                        try {
                            decoder.decode(item, example);
                            cache.put(item, example);
                            ok[item] = true;
                        } catch (Exception | LinkageError e) {
                            // the decoder logs what it knows about the item; a note tells the user
                            LOG.debug("item {} could not be decoded", item, e);
                        }
                    }
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while decoding", e);
        } catch (ExecutionException e) {
            throw new IOException("decoding failed", e.getCause());
        } finally {
            pool.shutdown();
        }
        List<Integer> failed = new ArrayList<>();
        int[] slots = new int[items];
        int count = 0;
        for (int item = 0; item < items; item++) {
            if (ok[item]) {
                slots[count++] = item;
            } else {
                failed.add(item);
            }
        }
        return new CachedExamples(cache, Arrays.copyOf(slots, count), List.copyOf(failed), shape);
    }

    int size() {
        return slots.length;
    }

    /** Items that could not be decoded, ascending. */
    List<Integer> failed() {
        return failed;
    }

    boolean spilled() {
        return cache.spilled();
    }

    /** Examples at {@code indices}; {@code labelsByItem} null for unlabelled data. */
    Examples read(int[] indices, int[] labelsByItem, String name) throws DataException {
        int per = (int) shape.elements();
        float[] features = new float[indices.length * per];
        int[] labels = labelsByItem == null ? null : new int[indices.length];
        try {
            for (int i = 0; i < indices.length; i++) {
                int index = indices[i];
                if (index < 0 || index >= slots.length) {
                    throw new IndexOutOfBoundsException("example " + index + " of " + slots.length);
                }
                cache.get(slots[index], features, i * per);
                if (labels != null) {
                    labels[i] = labelsByItem[slots[index]];
                }
            }
        } catch (IOException e) {
            throw new DataException("Could not read the decoded examples of " + name + " back from the temporary folder ("
                    + e.getMessage() + ").", e);
        }
        return new Examples(features, indices.length, shape, Optional.ofNullable(labels));
    }
}
