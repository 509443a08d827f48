package dev.shears.data;

import dev.shears.model.ModelInput;
import java.nio.file.Files;

/** Opens the {@link DataSource} a {@link DataSpec} describes, shaped as a model takes its input. */
public final class DataSources {
    /** How much decoded image data is kept in memory before the rest goes to a temporary file. */
    public static final long DEFAULT_CACHE_BYTES = 512L << 20;

    private DataSources() {
    }

    /** As {@link #open(DataSpec, ModelInput, long)} with a 512 MB memory bound for decoded images. */
    public static DataSource open(DataSpec spec, ModelInput input) throws DataException {
        return open(spec, input, DEFAULT_CACHE_BYTES);
    }

    /**
     * Reads {@code spec} for a model taking {@code input}. Image folders and resized IDX images are
     * decoded here, once ({@code cacheBytes} of them kept in memory, the rest in a temporary file), so
     * this can take a while; call it off the UI thread.
     */
    public static DataSource open(DataSpec spec, ModelInput input, long cacheBytes) throws DataException {
        if (!Files.exists(spec.path())) {
            throw new DataException("There is no file or folder at " + spec.path() + ".");
        }
        DataSource source = switch (spec.kind()) {
            case IDX -> IdxSource.open(spec, input, cacheBytes);
            case IMAGE_FOLDER -> ImageFolderSource.open(spec, input, cacheBytes);
            case NPZ -> NpzSource.open(spec, input);
            case NPY -> NpySource.open(spec, input);
            case CSV -> CsvSource.open(spec, input);
        };
        String name = spec.option("name", "");
        return name.isEmpty() ? source : new NamedSource(source, name);
    }
}
