package dev.shears.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/** Reads the entries of a zip and writes zips as the corpus needs them, duplicated names and bombs included. */
final class ZipBytes {
    /** An entry to write: its bytes, or {@code bombBytes} zeros streamed through the deflater. */
    record Entry(String name, byte[] bytes, long bombBytes) {
        static Entry of(String name, byte[] bytes) {
            return new Entry(name, bytes, 0);
        }

        static Entry bomb(String name, long zeros) {
            return new Entry(name, null, zeros);
        }
    }

    private ZipBytes() {
    }

    static Map<String, byte[]> entries(Path zip) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipFile file = new ZipFile(zip.toFile())) {
            for (ZipEntry entry : Collections.list(file.entries())) {
                try (InputStream in = file.getInputStream(entry)) {
                    entries.put(entry.getName(), in.readAllBytes());
                }
            }
        }
        return entries;
    }

    static List<Entry> list(Map<String, byte[]> entries) {
        List<Entry> list = new ArrayList<>();
        entries.forEach((name, bytes) -> list.add(Entry.of(name, bytes)));
        return list;
    }

    /**
     * Writes the entries in order. ZipOutputStream refuses a name twice, so a repeated name is written
     * under a placeholder of the same length and patched in the finished bytes (local header and
     * central directory alike).
     */
    static void write(Path target, List<Entry> entries) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        Map<String, String> placeholders = new LinkedHashMap<>();
        List<String> seen = new ArrayList<>();
        try (ZipOutputStream zip = new ZipOutputStream(buffer)) {
            zip.setLevel(Deflater.BEST_SPEED);
            int copy = 0;
            for (Entry entry : entries) {
                String name = entry.name();
                if (seen.contains(name)) {
                    String placeholder = name.substring(0, name.length() - 1) + (char) ('#' + copy++);
                    placeholders.put(placeholder, name);
                    name = placeholder;
                }
                seen.add(entry.name());
                zip.putNextEntry(new ZipEntry(name));
                if (entry.bytes() != null) {
                    zip.write(entry.bytes());
                } else {
                    byte[] zeros = new byte[1 << 20];
                    for (long left = entry.bombBytes(); left > 0; left -= zeros.length) {
                        zip.write(zeros, 0, (int) Math.min(zeros.length, left));
                    }
                }
                zip.closeEntry();
            }
        }
        byte[] bytes = buffer.toByteArray();
        placeholders.forEach((placeholder, name) -> replaceAll(bytes, placeholder.getBytes(StandardCharsets.UTF_8),
                name.getBytes(StandardCharsets.UTF_8)));
        try (OutputStream out = Files.newOutputStream(target)) {
            out.write(bytes);
        }
    }

    private static void replaceAll(byte[] bytes, byte[] from, byte[] to) {
        outer:
        for (int i = 0; i + from.length <= bytes.length; i++) {
            for (int j = 0; j < from.length; j++) {
                if (bytes[i + j] != from[j]) {
                    continue outer;
                }
            }
            System.arraycopy(to, 0, bytes, i, to.length);
        }
    }
}
