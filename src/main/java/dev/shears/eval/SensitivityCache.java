package dev.shears.eval;

import dev.shears.io.LoadedModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Finished scans on disk, one {@link SensitivityCsv} file each, in a folder the caller owns (the
 * UI's config folder). A scan is identified by the model file's bytes (SHA-256), the data it was
 * measured on (the data profile, as JSON) and every setting that changes its numbers; {@link #FORMAT} is part of the key so that a change to how scans are
 * measured retires old entries instead of serving them.
 */
public final class SensitivityCache {
    /** Bump when the scan's numbers or the CSV change meaning. */
    static final int FORMAT = 2;
    private static final String PREFIX = "sensitivity-";

    private SensitivityCache() {
    }

    /** What a cached scan is for. */
    public record Key(String modelSha256, String data, SensitivitySettings settings) {
        public Key {
            Objects.requireNonNull(modelSha256, "modelSha256");
            Objects.requireNonNull(data, "data");
            Objects.requireNonNull(settings, "settings");
        }

        /** Every field, readable; hashed into the file name. */
        public String describe() {
            return String.format(Locale.ROOT, "format=%d model=%s data=%s criterion=%s images=%d ratios=%s seed=%d",
                    FORMAT, modelSha256, sha256(data), settings.criterion().jsonName(), settings.images(), settings.ratios().stream()
                            .map(r -> Double.toString(r)).collect(Collectors.joining(";")), settings.seed());
        }

        /** {@code sensitivity-<first 32 hex digits of SHA-256(describe())>.csv} */
        public String fileName() {
            return PREFIX + sha256(describe()).substring(0, 32) + ".csv";
        }
    }

    /**
     * @param model the opened model (its file's SHA-256 as taken when it was opened)
     * @param data  what identifies the data the scan measures on (the model's data profile as JSON)
     */
    public static Key key(LoadedModel model, String data, SensitivitySettings settings) {
        return new Key(model.sourceSha256(), data, settings);
    }

    /** The cached scan, or empty when there is none or the file cannot be read (it is then recomputed). */
    public static Optional<SensitivityResult> load(Path folder, Key key) {
        try {
            return Optional.of(SensitivityCsv.read(folder.resolve(key.fileName())));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Atomically; creates the folder. */
    public static void store(Path folder, Key key, SensitivityResult result) throws IOException {
        SensitivityCsv.write(result, folder.resolve(key.fileName()));
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
