package dev.shears.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remembers each model's data profile in the settings folder ({@code profiles/<hash of the model's
 * path>.json}), so a model opened again finds its data. A damaged file is logged and ignored: the
 * user chooses the data again rather than being stopped.
 */
public final class DataProfileStore {
    private static final Logger LOG = LoggerFactory.getLogger(DataProfileStore.class);
    private final Path folder;

    public DataProfileStore(Path settingsFolder) {
        this.folder = settingsFolder.resolve("profiles");
    }

    public Optional<DataProfile> load(Path modelFile) {
        Path file = fileFor(modelFile);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(DataProfileJson.read(Files.readString(file, StandardCharsets.UTF_8), file.toString()));
        } catch (IOException e) {
            LOG.warn("ignoring the remembered data profile {}: {}", file, e.getMessage(), e);
            return Optional.empty();
        }
    }

    /** Writes atomically (temp file + move); an empty profile forgets the model's entry. */
    public void save(Path modelFile, DataProfile profile) throws IOException {
        Path file = fileFor(modelFile);
        if (profile.isEmpty()) {
            Files.deleteIfExists(file);
            return;
        }
        Files.createDirectories(folder);
        Path temp = Files.createTempFile(folder, "profile", ".tmp");
        try {
            Files.writeString(temp, DataProfileJson.write(profile), StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private Path fileFor(Path modelFile) {
        String key = modelFile.toAbsolutePath().normalize().toString();
        return folder.resolve(Fingerprints.sha256(key).substring(0, 32) + ".json");
    }
}
