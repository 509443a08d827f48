package dev.shears.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The header of a {@code .npy} — magic, version, header length, then a Python dict literal with
 * {@code descr}, {@code fortran_order} and {@code shape} — checked in Java before ND4J parses the
 * array: ND4J allocates what the shape declares (natively) and trusts the type code. The data must
 * be exactly the shape's count of values of a numeric type.
 */
final class NpyHeader {
    /** Type codes (without byte order) ND4J reads, with their sizes. */
    private static final Map<String, Integer> NUMERIC = Map.ofEntries(Map.entry("f2", 2), Map.entry("f4", 4),
            Map.entry("f8", 8), Map.entry("i1", 1), Map.entry("i2", 2), Map.entry("i4", 4), Map.entry("i8", 8),
            Map.entry("u1", 1), Map.entry("u2", 2), Map.entry("u4", 4), Map.entry("u8", 8), Map.entry("b1", 1));
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");
    private static final int MAX_RANK = 32;
    private static final int MAX_HEADER = 1 << 16;
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    private NpyHeader() {
    }

    /**
     * The whole {@code .npy} from a stream, read only as far as its checked header declares (a zip bomb
     * or a lying header costs nothing); throws a DataException saying what is wrong. {@code what}
     * names the array ("x.npy").
     */
    static byte[] read(InputStream in, String what) throws IOException {
        byte[] prefix = in.readNBytes(12);
        if (prefix.length < 10) {
            throw bad(what, "it is too short to be a .npy file");
        }
        int start = prefix[6] == 1 ? 10 : 12;
        long length = prefix[6] == 1 ? (prefix[8] & 0xff) | (prefix[9] & 0xff) << 8
                : (prefix[8] & 0xffL) | (prefix[9] & 0xffL) << 8 | (prefix[10] & 0xffL) << 16 | (prefix[11] & 0xffL) << 24;
        if (length > MAX_HEADER) {
            throw bad(what, "its header declares " + length + " bytes; a .npy header has a few hundred");
        }
        byte[] head = new byte[(int) (start + length)];
        System.arraycopy(prefix, 0, head, 0, Math.min(prefix.length, head.length));
        int got = prefix.length;
        if (head.length > prefix.length) {
            got += in.readNBytes(head, prefix.length, head.length - prefix.length);
        }
        long dataBytes = check(Arrays.copyOf(head, Math.max(got, Math.min(prefix.length, head.length))), what, -1);
        long heapFree = Runtime.getRuntime().maxMemory() - (Runtime.getRuntime().totalMemory()
                - Runtime.getRuntime().freeMemory());
        if (head.length + dataBytes > MAX_ARRAY || dataBytes * 2 > heapFree) {
            throw new DataException("The array " + what + " holds " + dataBytes + " bytes of values, more than Shears"
                    + " can keep in memory at once; split it into several files or give Java more memory (-Xmx).");
        }
        byte[] all = Arrays.copyOf(head, (int) (head.length + dataBytes));
        int data = in.readNBytes(all, head.length, (int) dataBytes);
        if (data < dataBytes || in.read() >= 0) {
            throw bad(what, "its shape takes " + dataBytes + " bytes of values but the file holds "
                    + (data < dataBytes ? String.valueOf(data) : "more"));
        }
        return all;
    }

    /** Checks a whole {@code .npy}'s header against its length. */
    static void check(byte[] bytes, String what) throws DataException {
        check(bytes, what, bytes.length);
    }

    /**
     * Checks the header; with {@code total} ≥ 0 also that the data after it is exactly what the shape
     * takes. Returns the bytes of values the shape takes.
     */
    private static long check(byte[] bytes, String what, long total) throws DataException {
        if (bytes.length < 10 || bytes[0] != (byte) 0x93 || bytes[1] != 'N' || bytes[2] != 'U' || bytes[3] != 'M'
                || bytes[4] != 'P' || bytes[5] != 'Y') {
            throw bad(what, "it does not start as a .npy file does (\\x93NUMPY)");
        }
        int major = bytes[6];
        if (major < 1 || major > 3) {
            throw bad(what, "it is .npy format version " + major + "; Shears reads versions 1 to 3");
        }
        int start = major == 1 ? 10 : 12;
        if (bytes.length < start) {
            throw bad(what, "its header is cut off");
        }
        long length = major == 1 ? (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8
                : (bytes[8] & 0xffL) | (bytes[9] & 0xffL) << 8 | (bytes[10] & 0xffL) << 16 | (bytes[11] & 0xffL) << 24;
        if (start + length > bytes.length) {
            throw bad(what, "its header declares " + length + " bytes but the file ends before");
        }
        String header = new String(bytes, start, (int) length, StandardCharsets.ISO_8859_1);
        Matcher descr = DESCR.matcher(header);
        Matcher shape = SHAPE.matcher(header);
        if (!descr.find() || !shape.find()) {
            throw bad(what, "its header does not give the type and shape of the array");
        }
        String type = descr.group(1);
        if (type.length() < 2 || type.charAt(0) == '>' && !type.endsWith("1")) {
            throw bad(what, "its values are big-endian ('" + type + "'); save the array with NumPy's default"
                    + " (little-endian) byte order");
        }
        String code = type.charAt(0) == '<' || type.charAt(0) == '|' || type.charAt(0) == '=' || type.charAt(0) == '>'
                ? type.substring(1) : type;
        Integer size = NUMERIC.get(code);
        if (size == null) {
            throw bad(what, "its values are of type '" + type + "', not numbers (Shears reads floats, integers and"
                    + " booleans)");
        }
        long count = 1;
        String[] dims = shape.group(1).split(",");
        int rank = 0;
        for (String dim : dims) {
            String d = dim.trim();
            if (d.isEmpty()) {
                continue;
            }
            if (!d.matches("\\d{1,18}")) {
                throw bad(what, "its shape (" + shape.group(1).trim() + ") is not a list of sizes");
            }
            if (++rank > MAX_RANK) {
                throw bad(what, "its shape has more than " + MAX_RANK + " axes");
            }
            try {
                count = Math.multiplyExact(count, Long.parseLong(d));
            } catch (ArithmeticException e) {
                throw bad(what, "its shape (" + shape.group(1).trim() + ") is too large to be real");
            }
        }
        if (count > Long.MAX_VALUE / 8) {
            throw bad(what, "its shape (" + shape.group(1).trim() + ") is too large to be real");
        }
        long data = total - start - length;
        if (total >= 0 && count * size != data) {
            throw bad(what, "its shape (" + shape.group(1).trim() + ") takes " + count * size
                    + " bytes of values but the file holds " + data);
        }
        return count * size;
    }

    private static DataException bad(String what, String problem) {
        return new DataException("Could not read " + what + " as a NumPy array: " + problem + ".");
    }
}
