package dev.shears.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decoded examples, all of one size, kept so that nothing is decoded twice: the first ones in memory
 * up to a byte bound, the rest in a float file in a temporary folder; the file is deleted when the
 * cache is garbage-collected or, at the latest, when the JVM exits. {@link #put} may be called from
 * several threads for different slots; {@link #get} from one thread at a time, after every put has
 * happened-before (e.g. the decoding pool was joined).
 */
final class ExampleCache {
    private static final Cleaner CLEANER = Cleaner.create();
    private static final Logger LOG = LoggerFactory.getLogger(ExampleCache.class);
    private static Path spillFolder;

    private final int floatsPerExample;
    private final int inMemory;
    private final float[] memory;
    private final FileChannel spill;
    private final ByteBuffer readBuffer;

    ExampleCache(int count, int floatsPerExample, long memoryBytes) throws IOException {
        this.floatsPerExample = floatsPerExample;
        long fit = Math.min(memoryBytes / (4L * floatsPerExample), (Integer.MAX_VALUE - 8) / floatsPerExample);
        this.inMemory = (int) Math.min(count, fit);
        this.memory = new float[inMemory * floatsPerExample];
        if (inMemory < count) {
            Path file = Files.createTempFile(spillFolder(), "examples-", ".f32");
            file.toFile().deleteOnExit();
            this.spill = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            this.readBuffer = ByteBuffer.allocate(4 * floatsPerExample).order(ByteOrder.LITTLE_ENDIAN);
            // a user may open many data sets in one session: free each spill file once its source is gone
            CLEANER.register(this, new SpillRemover(spill, file));
        } else {
            this.spill = null;
            this.readBuffer = null;
        }
    }

    /** Whether some examples live on disk. */
    boolean spilled() {
        return spill != null;
    }

    void put(int slot, float[] example) {
        if (slot < inMemory) {
            System.arraycopy(example, 0, memory, slot * floatsPerExample, floatsPerExample);
            return;
        }
        ByteBuffer bytes = ByteBuffer.allocate(4 * floatsPerExample).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(example, 0, floatsPerExample);
        try {
            long position = (long) (slot - inMemory) * 4 * floatsPerExample;
            while (bytes.hasRemaining()) {
                position += spill.write(bytes, position);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void get(int slot, float[] out, int offset) throws IOException {
        if (slot < inMemory) {
            System.arraycopy(memory, slot * floatsPerExample, out, offset, floatsPerExample);
            return;
        }
        readBuffer.clear();
        long position = (long) (slot - inMemory) * 4 * floatsPerExample;
        while (readBuffer.hasRemaining()) {
            int n = spill.read(readBuffer, position + readBuffer.position());
            if (n < 0) {
                throw new IOException("the example cache file ends early");
            }
        }
        readBuffer.flip();
        readBuffer.asFloatBuffer().get(out, offset, floatsPerExample);
    }

    /** Closes and deletes a spill file; must not refer to the cache it cleans up after. */
    private record SpillRemover(FileChannel channel, Path file) implements Runnable {
        @Override
        public void run() {
            try {
                channel.close();
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.warn("could not delete the example cache file {}", file, e);
            }
        }
    }

    /** One folder per JVM; registered for deletion before its files, so it is deleted after them. */
    private static synchronized Path spillFolder() throws IOException {
        if (spillFolder == null) {
            spillFolder = Files.createTempDirectory("shears-examples-");
            spillFolder.toFile().deleteOnExit();
        }
        return spillFolder;
    }
}
