package dev.shears.data;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** The options every kind of source shares (see {@link DataSpec}), parsed into values; bad values are sentences. */
final class SourceOptions {
    private SourceOptions() {
    }

    /** Examples [from, to) of a source's full list. */
    record Range(int from, int to) {
        int size() {
            return to - from;
        }

        /** " (examples 5000–5099)", or nothing when the range is everything. */
        String describe(int count) {
            return from == 0 && to == count ? "" : " (examples " + from + "–" + (to - 1) + ")";
        }
    }

    /** Option {@code range=FROM-TO} checked against the {@code count} examples in {@code file}; all of them without it. */
    static Range range(DataSpec spec, int count, Path file) throws DataException {
        String text = spec.options().get("range");
        if (text == null) {
            return new Range(0, count);
        }
        String[] parts = text.trim().split("-");
        int from;
        int to;
        try {
            if (parts.length != 2) {
                throw new NumberFormatException(text);
            }
            from = Integer.parseInt(parts[0].trim());
            to = Integer.parseInt(parts[1].trim());
        } catch (NumberFormatException e) {
            throw new DataException("The range \"" + text + "\" for " + file
                    + " is not FROM-TO (for example 0-5000, meaning examples 0 to 4999).");
        }
        if (from < 0 || from >= to || to > count) {
            throw new DataException("The range " + from + "-" + to + " does not fit the " + count
                    + " examples in " + file + ": it needs 0 ≤ FROM < TO ≤ " + count + ".");
        }
        return new Range(from, to);
    }

    /**
     * Option {@code mean} or {@code std}: one number for every channel or one per channel, or
     * {@code fallback} for each channel without the option.
     */
    static float[] perChannel(DataSpec spec, String option, int channels, float fallback) throws DataException {
        String text = spec.options().get(option);
        float[] values = new float[channels];
        if (text == null) {
            Arrays.fill(values, fallback);
            return values;
        }
        String[] parts = text.split(",");
        if (parts.length != 1 && parts.length != channels) {
            throw new DataException("The " + option + " \"" + text + "\" for " + spec.path() + " has " + parts.length
                    + " numbers; the model's images have " + channels + " channel" + (channels == 1 ? "" : "s")
                    + ", so give 1 or " + channels + ".");
        }
        for (int c = 0; c < channels; c++) {
            String part = parts[parts.length == 1 ? 0 : c].trim();
            try {
                values[c] = Float.parseFloat(part);
            } catch (NumberFormatException e) {
                throw new DataException("The " + option + " \"" + text + "\" for " + spec.path()
                        + " is not a comma-separated list of numbers.");
            }
            if (!Float.isFinite(values[c]) || option.equals("std") && values[c] <= 0) {
                throw new DataException("The " + option + " \"" + text + "\" for " + spec.path() + " must hold "
                        + (option.equals("std") ? "positive" : "finite") + " numbers.");
            }
        }
        return values;
    }

    /** Option {@code classes=a,b,c}: class names by index, or empty. */
    static List<String> classNames(DataSpec spec) {
        String text = spec.options().get("classes");
        if (text == null || text.isBlank()) {
            return List.of();
        }
        return Arrays.stream(text.split(",")).map(String::trim).toList();
    }
}
