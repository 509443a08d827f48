package dev.shears.io;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the bundled {@code sample-models} folder: the {@code shears.home} system property, else the
 * working directory or one of its parents (so it works from the repo root, from {@code target/},
 * and from tests).
 */
public final class SampleLocations {
    public static final String SAMPLES_FOLDER = "sample-models";

    private SampleLocations() {
    }

    public static Optional<Path> samplesFolder() {
        String home = System.getProperty("shears.home");
        if (home != null) {
            Path p = Path.of(home).resolve(SAMPLES_FOLDER);
            return Files.isDirectory(p) ? Optional.of(p.toAbsolutePath()) : Optional.empty();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path p = dir.resolve(SAMPLES_FOLDER);
            if (Files.isDirectory(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    public static Path requireSamplesFolder() {
        return samplesFolder().orElseThrow(() -> new IllegalStateException(
                "cannot find the '" + SAMPLES_FOLDER + "' folder: run from the Shears checkout or set -Dshears.home"));
    }

    public static Path fashionMnistFolder() {
        return requireSamplesFolder().resolve("data").resolve("fashion-mnist");
    }

    /** The Fashion-MNIST folder when the samples folder is found; services then skip what needs data. */
    public static Optional<Path> fashionMnistFolderIfPresent() {
        return samplesFolder().map(folder -> folder.resolve("data").resolve("fashion-mnist"));
    }

    public static Path sampleModel(String name) {
        return requireSamplesFolder().resolve(name + ".zip");
    }
}
