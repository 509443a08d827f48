package dev.shears.eval;

import dev.shears.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A sensitivity scan as CSV (RFC 4180, UTF-8, one header line), one row per scanned group × ratio:
 * <pre>
 * group,layers,channels,ratio,kept_channels,images,accuracy,loss,params,macs,note
 * ,,,0.0,,5000,0.9012,0.2713,431080,2293000,baseline      ← the unpruned network, first
 * conv1,conv1;conv2,20,0.1,18,5000,0.9008,0.2720,429200,2190100,
 * fc2,...,,84,5000,,,,,no BatchNorm γ scales these channels  ← a group kept whole (ratio empty)
 * </pre>
 * {@code layers} are joined by ';'; accuracy is top-1 in [0, 1]; loss is mean cross-entropy; params
 * and MACs are the whole network's at that point. Numbers are written exactly (Java's shortest
 * round-tripping form), so reading gives back the same result.
 */
public final class SensitivityCsv {
    public static final String HEADER = "group,layers,channels,ratio,kept_channels,images,accuracy,loss,params,macs,note";
    private static final int COLUMNS = 11;
    private static final String BASELINE = "baseline";
    private static final String LAYER_SEPARATOR = ";";

    private SensitivityCsv() {
    }

    /** A file that is not a sensitivity CSV, with the line at fault. */
    public static final class FormatException extends IOException {
        public FormatException(String source, int line, String message) {
            super(source + (line > 0 ? ":" + line : "") + ": " + message);
        }
    }

    public static String write(SensitivityResult result) {
        StringBuilder out = new StringBuilder(HEADER).append('\n');
        SensitivityResult.Baseline b = result.baseline();
        line(out, "", "", "", "0.0", "", Integer.toString(result.images()), Double.toString(b.accuracy()),
                Double.toString(b.loss()), Long.toString(b.params()), Long.toString(b.macs()), BASELINE);
        for (SensitivityRow r : result.rows()) {
            line(out, r.group(), String.join(LAYER_SEPARATOR, r.layers()), Integer.toString(r.channels()),
                    Double.toString(r.ratio()), Integer.toString(r.keptChannels()), Integer.toString(result.images()),
                    Double.toString(r.accuracy()), Double.toString(r.loss()), Long.toString(r.params()),
                    Long.toString(r.macs()), "");
        }
        result.skipped().forEach((group, s) -> line(out, group, String.join(LAYER_SEPARATOR, s.layers()),
                Integer.toString(s.channels()), "", Integer.toString(s.channels()), Integer.toString(result.images()),
                "", "", "", "", s.reason()));
        return out.toString();
    }

    /** Atomically: a reader sees the old file or the new one. */
    public static void write(SensitivityResult result, Path file) throws IOException {
        AtomicFiles.writeString(file, write(result));
    }

    public static SensitivityResult read(Path file) throws IOException {
        return read(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    /** @param source names the text in error messages (a file name) */
    public static SensitivityResult read(String text, String source) throws FormatException {
        List<List<String>> records = parse(text, source);
        if (records.isEmpty() || !String.join(",", records.get(0)).equals(HEADER)) {
            throw new FormatException(source, 1, "not a Shears sensitivity CSV (expected the header " + HEADER + ")");
        }
        SensitivityResult.Baseline baseline = null;
        Integer images = null;
        List<SensitivityRow> rows = new ArrayList<>();
        Map<String, SensitivityResult.Skipped> skipped = new LinkedHashMap<>();
        for (int i = 1; i < records.size(); i++) {
            if (records.get(i).size() != COLUMNS) {
                throw new FormatException(source, i + 1, records.get(i).size() + " fields, expected " + COLUMNS);
            }
            Fields f = new Fields(records.get(i), source, i + 1);
            int rowImages = f.integer(5);
            if (images != null && images != rowImages) {
                throw new FormatException(source, i + 1, "images " + rowImages + " differs from " + images
                        + " in the rows above");
            }
            images = rowImages;
            if (f.text(0).isEmpty() && f.text(10).equals(BASELINE)) {
                if (baseline != null) {
                    throw new FormatException(source, i + 1, "a second baseline row");
                }
                baseline = new SensitivityResult.Baseline(f.decimal(6), f.decimal(7), f.whole(8), f.whole(9));
            } else if (f.text(3).isEmpty()) {
                skipped.put(f.group(), new SensitivityResult.Skipped(f.layers(), f.integer(2), f.text(10)));
            } else {
                rows.add(new SensitivityRow(f.group(), f.layers(), f.integer(2), f.decimal(3), f.integer(4),
                        f.decimal(6), f.decimal(7), f.whole(8), f.whole(9)));
            }
        }
        if (baseline == null) {
            throw new FormatException(source, 0, "no baseline row");
        }
        return new SensitivityResult(images, baseline, rows, skipped);
    }

    private static void line(StringBuilder out, String... fields) {
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            String f = fields[i];
            if (f.contains(",") || f.contains("\"") || f.contains("\n") || f.contains("\r")) {
                out.append('"').append(f.replace("\"", "\"\"")).append('"');
            } else {
                out.append(f);
            }
        }
        out.append('\n');
    }

    /** RFC 4180 records; a trailing line break ends the last record, blank lines are skipped. */
    private static List<List<String>> parse(String text, String source) throws FormatException {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean fieldStarted = false;
        int line = 1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    line += c == '\n' ? 1 : 0;
                    field.append(c);
                }
            } else if (c == '"' && field.isEmpty()) {
                quoted = true;
                fieldStarted = true;
            } else if (c == ',') {
                record.add(field.toString());
                field.setLength(0);
                fieldStarted = true;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                if (fieldStarted || !field.isEmpty()) {
                    record.add(field.toString());
                    records.add(record);
                }
                record = new ArrayList<>();
                field.setLength(0);
                fieldStarted = false;
                line++;
            } else {
                field.append(c);
                fieldStarted = true;
            }
        }
        if (quoted) {
            throw new FormatException(source, line, "a quoted field is not closed");
        }
        if (fieldStarted || !field.isEmpty()) {
            record.add(field.toString());
            records.add(record);
        }
        return records;
    }

    private record Fields(List<String> values, String source, int line) {
        String text(int column) {
            return values.get(column);
        }

        String group() throws FormatException {
            if (text(0).isEmpty()) {
                throw error("the group is empty");
            }
            return text(0);
        }

        List<String> layers() {
            return text(1).isEmpty() ? List.of() : Arrays.asList(text(1).split(LAYER_SEPARATOR, -1));
        }

        int integer(int column) throws FormatException {
            try {
                return Integer.parseInt(text(column));
            } catch (NumberFormatException e) {
                throw error(HEADER.split(",")[column] + " '" + text(column) + "' is not a whole number");
            }
        }

        long whole(int column) throws FormatException {
            try {
                return Long.parseLong(text(column));
            } catch (NumberFormatException e) {
                throw error(HEADER.split(",")[column] + " '" + text(column) + "' is not a whole number");
            }
        }

        double decimal(int column) throws FormatException {
            try {
                return Double.parseDouble(text(column));
            } catch (NumberFormatException e) {
                throw error(HEADER.split(",")[column] + " '" + text(column) + "' is not a number");
            }
        }

        FormatException error(String message) {
            return new FormatException(source, line, message);
        }
    }
}
