package dev.shears.io;

import dev.shears.data.DataException;
import dev.shears.data.DataKind;
import dev.shears.data.DataProfile;
import dev.shears.data.DataProfileStore;
import dev.shears.data.DataSets;
import dev.shears.data.DataSource;
import dev.shears.data.DataSources;
import dev.shears.data.DataSpecs;
import dev.shears.data.DataSpec;
import dev.shears.model.ModelInput;
import dev.shears.model.NetworkGraph;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which data a model is measured on, decided in one place for the app and the CLI: the profile the
 * user gave now, else the one remembered for the model's file, else — for the bundled samples only —
 * the built-in Fashion-MNIST profile (validation = test images 0–4999, test = 5000–9999, training =
 * the 60k training images); else none, and every feature that needs data says so.
 */
public final class ModelData {
    private ModelData() {
    }

    public static DataProfile profileFor(Path modelFile, Optional<DataProfile> given, DataProfileStore store) {
        if (given.isPresent()) {
            return given.get();
        }
        return store.load(modelFile).or(() -> sampleProfile(modelFile)).orElse(DataProfile.NONE);
    }

    /**
     * The built-in profile for a bundled sample: a file in the samples folder, or a copy of one
     * (same SHA-256) anywhere else.
     */
    public static Optional<DataProfile> sampleProfile(Path modelFile) {
        Path file = modelFile.toAbsolutePath().normalize();
        // the samples folder found from the working directory, or the one the file itself sits in
        List<Path> candidates = new ArrayList<>();
        SampleLocations.samplesFolder().ifPresent(folder -> candidates.add(folder.toAbsolutePath().normalize()));
        if (file.getParent() != null && file.getParent().getFileName() != null
                && file.getParent().getFileName().toString().equals(SampleLocations.SAMPLES_FOLDER)) {
            candidates.add(file.getParent());
        }
        for (Path folder : candidates) {
            Path fashion = folder.resolve("data").resolve("fashion-mnist");
            if (java.nio.file.Files.isDirectory(fashion) && (file.startsWith(folder) || isCopyOfASample(file, folder))) {
                return Optional.of(fashionMnistProfile(fashion));
            }
        }
        return Optional.empty();
    }

    private static boolean isCopyOfASample(Path file, Path folder) {
        try (var zips = java.nio.file.Files.list(folder)) {
            long size = java.nio.file.Files.size(file);
            for (Path sample : zips.filter(p -> p.toString().endsWith(".zip")).toList()) {
                if (java.nio.file.Files.size(sample) == size && ModelFiles.sha256(sample).equals(ModelFiles.sha256(file))) {
                    return true;
                }
            }
            return false;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** Fashion-MNIST in the samples' splits. */
    public static DataProfile fashionMnistProfile(Path folder) {
        String classes = String.join(",", FashionMnist.CLASS_NAMES);
        DataSpec t10k = DataSpec.of(DataKind.IDX, folder).with("images", "t10k-images-idx3-ubyte.gz")
                .with("labels", "t10k-labels-idx1-ubyte.gz").with("classes", classes);
        DataSpec train = DataSpec.of(DataKind.IDX, folder).with("images", "train-images-idx3-ubyte.gz")
                .with("labels", "train-labels-idx1-ubyte.gz").with("classes", classes)
                .with("name", "Fashion-MNIST training images");
        return DataProfile.of(Optional.of(t10k.with("range", rangeOf(DataSplit.VALIDATION))
                        .with("name", "Fashion-MNIST validation (test images 0–4999)")),
                Optional.of(t10k.with("range", rangeOf(DataSplit.TEST))
                        .with("name", "Fashion-MNIST test (test images 5000–9999)")),
                Optional.of(train));
    }

    /** How to read the data at {@code path}, from what it holds. */
    public static DataSpec specFor(Path path) throws DataException {
        return DataSpecs.detect(path);
    }

    public static DataSets open(NetworkGraph graph, DataProfile profile) {
        return DataSets.open(profile, graph, ModelData::openSpec);
    }

    private static String rangeOf(DataSplit split) {
        return split.from() + "-" + split.to();
    }

    /** Opens a spec for a model input. */
    public static DataSource openSpec(DataSpec spec, ModelInput input) throws DataException {
        return DataSources.open(spec, input);
    }
}
