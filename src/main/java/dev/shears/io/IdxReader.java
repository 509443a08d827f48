package dev.shears.io;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Reads the IDX format of (Fashion-)MNIST, gzipped or plain (detected from the first bytes).
 * Only unsigned-byte data is supported, which is all the dataset uses.
 */
public final class IdxReader {
    static final int IMAGES_MAGIC = 0x00000803;
    static final int LABELS_MAGIC = 0x00000801;
    private static final int UNSIGNED_BYTE = 0x08;
    /** Largest Java array. */
    private static final long MAX_BYTES = Integer.MAX_VALUE - 8;
    private static final int FIRST_CHUNK = 1 << 20;

    private IdxReader() {
    }

    /** Images as unsigned bytes, row-major, one {@code rows*cols} block per image. */
    public record Images(int count, int rows, int cols, byte[] pixels) {
        public int pixelsPerImage() {
            return rows * cols;
        }
    }

    public static Images readImages(Path file) throws IOException {
        try (DataInputStream in = open(file)) {
            int magic = readHeaderInt(in, file);
            checkMagic(file, magic, IMAGES_MAGIC, "image");
            int count = readHeaderInt(in, file);
            int rows = readHeaderInt(in, file);
            int cols = readHeaderInt(in, file);
            if (count <= 0 || rows <= 0 || cols <= 0) {
                throw new IdxFormatException(file, count == 0 ? "the file holds no images"
                        : "invalid dimensions " + count + "x" + rows + "x" + cols);
            }
            long size = (long) count * rows * cols;
            if (size > MAX_BYTES) {
                throw new IdxFormatException(file, "too large: " + size + " bytes");
            }
            checkPlainSize(file, 16 + size);
            byte[] pixels = readFully(in, size, file, "images");
            checkEnd(in, file);
            return new Images(count, rows, cols, pixels);
        }
    }

    public static byte[] readLabels(Path file) throws IOException {
        try (DataInputStream in = open(file)) {
            int magic = readHeaderInt(in, file);
            checkMagic(file, magic, LABELS_MAGIC, "label");
            int count = readHeaderInt(in, file);
            if (count < 0) {
                throw new IdxFormatException(file, "invalid label count " + count);
            }
            checkPlainSize(file, 8 + (long) count);
            byte[] labels = readFully(in, count, file, "labels");
            checkEnd(in, file);
            return labels;
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IdxFormatException(file, "file not found");
        }
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        raw.mark(2);
        int b0 = raw.read();
        int b1 = raw.read();
        raw.reset();
        if (b0 == 0x1f && b1 == 0x8b) {
            // GZIPInputStream reads the gzip header in its constructor: a cut or bad header fails here
            try {
                raw = new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16);
            } catch (EOFException e) {
                raw.close();
                throw new IdxFormatException(file, "truncated gzip header");
            } catch (java.util.zip.ZipException e) {
                raw.close();
                throw new IdxFormatException(file, "corrupt gzip data (" + e.getMessage() + ")");
            }
        }
        return new DataInputStream(raw);
    }

    private static void checkMagic(Path file, int magic, int expected, String what) throws IdxFormatException {
        if ((magic >>> 8) == (expected >>> 8) && (magic & 0xff) == (expected & 0xff)) {
            return;
        }
        if ((magic >>> 16) == 0 && ((magic >>> 8) & 0xff) != UNSIGNED_BYTE) {
            throw new IdxFormatException(file, String.format(
                    "unsupported IDX data type 0x%02x (only unsigned bytes)", (magic >>> 8) & 0xff));
        }
        throw new IdxFormatException(file, String.format(
                "wrong magic number 0x%08x, expected 0x%08x for an IDX %s file", magic, expected, what));
    }

    private static int readHeaderInt(DataInputStream in, Path file) throws IOException {
        try {
            return in.readInt();
        } catch (EOFException e) {
            throw new IdxFormatException(file, "truncated header");
        } catch (java.util.zip.ZipException e) {
            throw new IdxFormatException(file, "corrupt gzip data (" + e.getMessage() + ")");
        }
    }

    /**
     * Reads {@code size} bytes, growing the array as they arrive: a header may declare far more than
     * the file holds (gzip hides the real size until the end), and nothing is allocated for bytes that
     * are not there.
     */
    private static byte[] readFully(DataInputStream in, long size, Path file, String what) throws IOException {
        byte[] target = new byte[(int) Math.min(size, FIRST_CHUNK)];
        int read = 0;
        try {
            while (read < size) {
                if (read == target.length) {
                    target = Arrays.copyOf(target, (int) Math.min(size, (long) target.length * 2));
                }
                int n = in.read(target, read, target.length - read);
                if (n < 0) {
                    break;
                }
                read += n;
            }
        } catch (EOFException e) {
            // fall through to the truncation message below
        } catch (java.util.zip.ZipException e) {
            throw new IdxFormatException(file, "corrupt gzip data (" + e.getMessage() + ")");
        }
        if (read < size) {
            throw new IdxFormatException(file, "truncated: expected " + size + " bytes of " + what
                    + " but the file ends after " + read);
        }
        return target;
    }

    /** An uncompressed file must hold at least what its header declares; checked before reading. */
    private static void checkPlainSize(Path file, long declared) throws IOException {
        if (!gzipped(file) && Files.size(file) < declared) {
            throw new IdxFormatException(file, "truncated: its header declares " + declared + " bytes but the file has "
                    + Files.size(file));
        }
    }

    /**
     * Nothing may follow the declared data; reading to the end also makes gzip check its trailer (the
     * CRC and length of the whole), which it does only when asked for the byte after the last.
     */
    private static void checkEnd(DataInputStream in, Path file) throws IOException {
        long extra;
        try {
            extra = in.skip(Long.MAX_VALUE);
            while (in.read() >= 0) {
                extra += 1 + in.skip(Long.MAX_VALUE);
            }
        } catch (EOFException e) {
            throw new IdxFormatException(file, "corrupt gzip data (the compressed stream ends early)");
        } catch (java.util.zip.ZipException e) {
            throw new IdxFormatException(file, "corrupt gzip data (" + e.getMessage() + ")");
        }
        if (extra > 0) {
            throw new IdxFormatException(file, extra + " bytes follow the data its header declares; the file is damaged"
                    + " or its header is wrong");
        }
    }

    private static boolean gzipped(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        }
    }
}
