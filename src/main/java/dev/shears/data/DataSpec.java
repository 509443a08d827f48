package dev.shears.data;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where data is and how to read it — the serialisable half of a {@link DataSource}, written into
 * data profiles, recipes and reports. {@code options} are per kind (all optional):
 * <ul>
 *   <li>{@code unlabelled=true}: ignore labels (or there are none);</li>
 *   <li>{@code name=TEXT}: what the source is called wherever it is shown (default: from its files);</li>
 *   <li>{@code range=FROM-TO}: only examples FROM..TO-1 (the bundled samples' validation and test halves);</li>
 *   <li>{@code mean=…, std=…}: per-channel normalisation after scaling images to [0, 1], comma-separated;</li>
 *   <li>{@code classes=a,b,c}: class names by index, for kinds whose files carry none (all but image folders);</li>
 *   <li>IDX: {@code images=FILE}, {@code labels=FILE} (names inside {@code path}, a folder);</li>
 *   <li>NPY: {@code labels=FILE} (a second .npy; without it {@code NAME_labels.npy}, or {@code y.npy} beside {@code x.npy});</li>
 *   <li>NPZ: {@code x=NAME}, {@code y=NAME} (array names, default x and y);</li>
 *   <li>CSV: {@code label=NAME|INDEX} (default: the last column), {@code header=true|false} (default: guessed).</li>
 * </ul>
 */
public record DataSpec(DataKind kind, Path path, Map<String, String> options) {
    public DataSpec {
        path = path.toAbsolutePath().normalize();
        options = Map.copyOf(new TreeMap<>(options));
    }

    public static DataSpec of(DataKind kind, Path path) {
        return new DataSpec(kind, path, Map.of());
    }

    public DataSpec with(String option, String value) {
        Map<String, String> copy = new TreeMap<>(options);
        copy.put(option, value);
        return new DataSpec(kind, path, copy);
    }

    public String option(String name, String fallback) {
        return options.getOrDefault(name, fallback);
    }

    public boolean unlabelled() {
        return Boolean.parseBoolean(options.getOrDefault("unlabelled", "false"));
    }
}
