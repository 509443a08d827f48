package dev.shears.eval;

import dev.shears.Version;
import dev.shears.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Shards of a sensitivity scan on disk, and their merge into the scan one run would have written.
 *
 * <p>A shard file is {@link SensitivityCsv} — the baseline, the shard's rows, the groups kept
 * whole — after comment lines that say which shard it is and what was measured:
 * <pre>
 * # shears-sensitivity-shard: 2/3
 * # cells: 36
 * # model: bn-cnn.zip
 * # model-sha256: 5f0c…
 * # data: Fashion-MNIST validation (test images 0–4999), first 1000
 * # data-fingerprint: 9ab1…
 * # settings: criterion=l1 images=1000 ratios=0.1;0.2;0.3 seed=42
 * # engine: ONNX Runtime
 * # shears: 0.1.0
 * group,layers,channels,ratio,…
 * </pre>
 * A merge takes every shard of one scan exactly once, all of the same model (by SHA-256), data (by
 * fingerprint), settings, engine and Shears version, with equal baselines and equal groups kept
 * whole; it deals their rows back into scan order ({@link SensitivityShard}) and refuses, in a
 * sentence, anything else.
 */
public final class SensitivityShards {
    static final String SHARD = "shears-sensitivity-shard";
    private static final String CELLS = "cells";
    private static final String MODEL = "model";
    private static final String MODEL_SHA = "model-sha256";
    private static final String DATA = "data";
    private static final String DATA_FINGERPRINT = "data-fingerprint";
    private static final String SETTINGS = "settings";
    private static final String ENGINE = "engine";
    private static final String SHEARS = "shears";
    /** What must agree between shards of one scan, with how a sentence names it. */
    private static final Map<String, String> MUST_AGREE = orderedMap(
            MODEL_SHA, "another model",
            SETTINGS, "other settings",
            DATA_FINGERPRINT, "other data",
            ENGINE, "another engine",
            SHEARS, "another version of Shears",
            CELLS, "a different number of cells");

    private SensitivityShards() {
    }

    /** What a shard was measured on: the model file (name, SHA-256), the data (name, fingerprint), the settings. */
    public record Provenance(String model, String modelSha256, String data, String dataFingerprint,
                             SensitivitySettings settings) {
        public Provenance {
            Objects.requireNonNull(modelSha256, "modelSha256");
            Objects.requireNonNull(dataFingerprint, "dataFingerprint");
            Objects.requireNonNull(settings, "settings");
        }
    }

    /** A shard file read back. */
    public record Shard(Path file, SensitivityShard shard, Map<String, String> header, SensitivityResult result) {
        public int cells() {
            return Integer.parseInt(header.get(CELLS));
        }
    }

    /** A set of shards that do not make one scan, with the sentence saying why. */
    public static final class MergeException extends IOException {
        public MergeException(String sentence) {
            super(sentence);
        }
    }

    public static String write(SensitivityScan.Scan scan, SensitivityShard shard, Provenance provenance) {
        Map<String, String> header = orderedMap(
                SHARD, shard.toString(),
                CELLS, Integer.toString(scan.cells()),
                MODEL, oneLine(provenance.model()),
                MODEL_SHA, provenance.modelSha256(),
                DATA, oneLine(provenance.data()),
                DATA_FINGERPRINT, provenance.dataFingerprint(),
                SETTINGS, settings(provenance.settings()),
                ENGINE, scan.engine(),
                SHEARS, Version.current());
        StringBuilder out = new StringBuilder();
        header.forEach((key, value) -> out.append("# ").append(key).append(": ").append(value).append('\n'));
        return out.append(SensitivityCsv.write(scan.result())).toString();
    }

    /** Atomically. */
    public static void write(SensitivityScan.Scan scan, SensitivityShard shard, Provenance provenance, Path file)
            throws IOException {
        AtomicFiles.writeString(file, write(scan, shard, provenance));
    }

    public static Shard read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new MergeException(file + ": file not found");
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        Map<String, String> header = new LinkedHashMap<>();
        StringBuilder csv = new StringBuilder();
        boolean inHeader = true;
        for (String line : text.split("\n", -1)) {
            if (inHeader && line.startsWith("# ")) {
                line = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
                int colon = line.indexOf(": ");
                if (colon > 2) {
                    header.put(line.substring(2, colon), line.substring(colon + 2));
                }
                csv.append('\n'); // keeps the CSV's line numbers in error messages
            } else {
                inHeader = false;
                csv.append(line).append('\n');
            }
        }
        if (!header.containsKey(SHARD)) {
            throw new MergeException(file + " is not a shard of a sensitivity scan (it has no '# " + SHARD
                    + "' line); write shards with sensitivity --shard I/N");
        }
        for (String key : MUST_AGREE.keySet()) {
            if (!header.containsKey(key)) {
                throw new MergeException(file + ": the shard's '# " + key + "' line is missing");
            }
        }
        SensitivityShard shard;
        int cells;
        try {
            shard = SensitivityShard.parse(header.get(SHARD));
            cells = Integer.parseInt(header.get(CELLS));
        } catch (IllegalArgumentException e) {
            throw new MergeException(file + ": the shard's header is damaged (" + e.getMessage() + ")");
        }
        if (cells < 0) {
            throw new MergeException(file + ": the shard's header is damaged (cells " + cells + ")");
        }
        return new Shard(file, shard, header, SensitivityCsv.read(csv.toString(), file.toString()));
    }

    /** The scan the shards in {@code files} make together: exactly what one run would have written. */
    public static SensitivityResult merge(List<Path> files) throws IOException {
        if (files.isEmpty()) {
            throw new MergeException("give the shards to merge");
        }
        List<Shard> shards = new ArrayList<>();
        for (Path f : files) {
            shards.add(read(f));
        }
        Shard first = shards.get(0);
        int count = first.shard().count();
        Map<Integer, Shard> byIndex = new HashMap<>();
        for (Shard s : shards) {
            if (s.shard().count() != count) {
                throw new MergeException(s.file() + " is shard " + s.shard() + " and " + first.file() + " is shard "
                        + first.shard() + ": the shards of one scan split it the same way");
            }
            for (Map.Entry<String, String> agree : MUST_AGREE.entrySet()) {
                String key = agree.getKey();
                if (!s.header().get(key).equals(first.header().get(key))) {
                    throw new MergeException(s.file() + " was measured with " + agree.getValue() + " than "
                            + first.file() + " (" + key + " " + describe(s, key) + ", not " + describe(first, key)
                            + "); shards of one scan measure the same model on the same data with the same settings");
                }
            }
            Shard same = byIndex.putIfAbsent(s.shard().index(), s);
            if (same != null) {
                throw new MergeException(same.file() + " and " + s.file() + " are both shard " + s.shard()
                        + "; give each shard once");
            }
            if (!s.result().baseline().equals(first.result().baseline()) || s.result().images() != first.result().images()) {
                throw new MergeException(s.file() + " measured another baseline than " + first.file() + " (accuracy "
                        + s.result().baseline().accuracy() + ", not " + first.result().baseline().accuracy()
                        + "); shards of one scan measure the same unpruned network");
            }
            if (!s.result().skipped().equals(first.result().skipped())) {
                throw new MergeException(s.file() + " keeps other groups whole than " + first.file()
                        + "; shards of one scan scan the same groups");
            }
        }
        List<String> missing = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            if (!byIndex.containsKey(i)) {
                missing.add(i + "/" + count);
            }
        }
        if (!missing.isEmpty()) {
            throw new MergeException((missing.size() == 1 ? "shard " + missing.get(0) + " is" : "shards "
                    + String.join(", ", missing) + " are") + " missing; a merge needs every shard of the scan");
        }
        int cells = first.cells();
        List<Double> ratios = ratios(first);
        if (ratios.isEmpty() || cells % ratios.size() != 0) {
            throw new MergeException(first.file() + ": the shard's header is damaged (" + cells + " cells of "
                    + ratios.size() + " ratios)");
        }
        for (Shard s : shards) {
            int expected = s.shard().cellsOf(cells);
            if (s.result().rows().size() != expected) {
                throw new MergeException(s.file() + " has " + s.result().rows().size() + " rows; shard " + s.shard()
                        + " of a scan of " + cells + " cells has " + expected);
            }
        }
        int[] next = new int[count + 1];
        List<SensitivityRow> rows = new ArrayList<>();
        List<String> groups = new ArrayList<>();
        for (int k = 0; k < cells; k++) {
            Shard s = byIndex.get(k % count + 1);
            SensitivityRow row = s.result().rows().get(next[s.shard().index()]++);
            int group = k / ratios.size();
            double ratio = ratios.get(k % ratios.size());
            if (group == groups.size()) {
                if (groups.contains(row.group())) {
                    throw new MergeException(s.file() + ": group " + row.group() + " appears in two places of the"
                            + " scan order; the file was changed after it was written");
                }
                groups.add(row.group());
            }
            if (!row.group().equals(groups.get(group)) || row.ratio() != ratio) {
                throw new MergeException(s.file() + ": the row for " + row.group() + " at " + row.ratio()
                        + " is not the shard's cell " + (k + 1) + " (" + groups.get(group) + " at " + ratio
                        + "); the file was changed after it was written");
            }
            rows.add(row);
        }
        return new SensitivityResult(first.result().images(), first.result().baseline(), rows,
                first.result().skipped());
    }

    /** The settings as the header and the sensitivity cache spell them. */
    static String settings(SensitivitySettings s) {
        return String.format(Locale.ROOT, "criterion=%s images=%d ratios=%s seed=%d", s.criterion().jsonName(),
                s.images(), s.ratios().stream().map(r -> Double.toString(r)).collect(Collectors.joining(";")),
                s.seed());
    }

    private static List<Double> ratios(Shard s) throws MergeException {
        for (String field : s.header().get(SETTINGS).split(" ")) {
            if (field.startsWith("ratios=")) {
                try {
                    return Arrays.stream(field.substring("ratios=".length()).split(";"))
                            .map(Double::parseDouble).toList();
                } catch (NumberFormatException e) {
                    break;
                }
            }
        }
        throw new MergeException(s.file() + ": the shard's header is damaged (settings without ratios)");
    }

    private static String describe(Shard s, String key) {
        String value = s.header().get(key);
        String named = switch (key) {
            case MODEL_SHA -> s.header().getOrDefault(MODEL, "");
            case DATA_FINGERPRINT -> s.header().getOrDefault(DATA, "");
            default -> "";
        };
        String shortValue = value.length() > 16 && (key.equals(MODEL_SHA) || key.equals(DATA_FINGERPRINT))
                ? value.substring(0, 12) + "…" : value;
        return shortValue + (named.isEmpty() ? "" : " of " + named);
    }

    private static String oneLine(String text) {
        return text.replace('\r', ' ').replace('\n', ' ');
    }

    private static Map<String, String> orderedMap(String... keyValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put(keyValues[i], keyValues[i + 1]);
        }
        return map;
    }
}
