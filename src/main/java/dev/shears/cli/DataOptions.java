package dev.shears.cli;

import dev.shears.data.DataException;
import dev.shears.data.DataProfile;
import dev.shears.data.DataProfileJson;
import dev.shears.data.DataProfileStore;
import dev.shears.data.DataRole;
import dev.shears.data.DataSets;
import dev.shears.io.LoadedModel;
import dev.shears.io.ModelData;
import dev.shears.io.SettingsFolder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The data options every command that measures a model shares. Without any, a model uses the profile
 * remembered for it by the app, or, for a bundled sample, the built-in Fashion-MNIST profile.
 */
final class DataOptions {
    @Option(names = "--data", paramLabel = "PATH", description = "validation data: an image folder (one sub-folder "
            + "per class), .npz, .npy, .csv or IDX files; alone, it is split into validation and test halves")
    Path data;

    @Option(names = "--test-data", paramLabel = "PATH", description = "test data (the report's metrics)")
    Path testData;

    @Option(names = "--train-data", paramLabel = "PATH", description = "training data (fine-tuning)")
    Path trainData;

    @Option(names = "--profile", paramLabel = "FILE", description = "a data profile (JSON, as File ▸ Data… saves it)")
    Path profile;

    boolean given() {
        return data != null || testData != null || trainData != null || profile != null;
    }

    /** The profile from the options (a --profile file, then the paths on top), if any was given. */
    Optional<DataProfile> givenProfile() throws IOException {
        if (!given()) {
            return Optional.empty();
        }
        DataProfile result = DataProfile.NONE;
        if (profile != null) {
            if (!Files.isRegularFile(profile)) {
                throw new UserError("--profile: " + profile + " is not a file");
            }
            result = DataProfileJson.read(Files.readString(profile, StandardCharsets.UTF_8), profile.toString());
        }
        result = with(result, DataRole.VALIDATION, data, "--data");
        result = with(result, DataRole.TEST, testData, "--test-data");
        return Optional.of(with(result, DataRole.TRAIN, trainData, "--train-data"));
    }

    DataSets open(LoadedModel model) throws IOException {
        return open(model.file(), model.graph());
    }

    /** The data of the model in {@code file}, described by {@code graph}, whatever its format. */
    DataSets open(Path file, dev.shears.model.NetworkGraph graph) throws IOException {
        DataProfile chosen = ModelData.profileFor(file, givenProfile(), new DataProfileStore(SettingsFolder.path()));
        return ModelData.open(graph, chosen);
    }

    private static DataProfile with(DataProfile profile, DataRole role, Path path, String option) throws DataException {
        if (path == null) {
            return profile;
        }
        try {
            return profile.with(role, Optional.of(ModelData.specFor(path)));
        } catch (DataException e) {
            throw new UserError(option + ": " + e.getMessage());
        }
    }
}
