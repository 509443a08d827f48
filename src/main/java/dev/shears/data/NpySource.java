package dev.shears.data;

import dev.shears.model.ModelInput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A NumPy {@code .npy} of inputs, parsed by ND4J (C or Fortran order), and its labels from a second {@code .npy}: option
 * {@code labels=FILE} (relative to the inputs' folder) if given, else {@code NAME_labels.npy} beside
 * {@code NAME.npy}, else — only for inputs named {@code x.npy} — {@code y.npy} beside it. Without a
 * labels file, or with option {@code unlabelled}, the data is unlabelled. Values are used as they
 * are (see {@link NumpyArrays}).
 */
final class NpySource {
    private NpySource() {
    }

    static DataSource open(DataSpec spec, ModelInput input) throws DataException {
        Path file = spec.path();
        NumpyArrays.Inputs inputs = NumpyArrays.inputs(read(file), input, file.toString());
        Optional<Path> labelsFile = spec.unlabelled() ? Optional.empty() : labelsFile(spec);
        int[] labels = null;
        if (labelsFile.isPresent()) {
            labels = NumpyArrays.labels(read(labelsFile.get()), inputs.count(), labelsFile.get().toString());
        }
        SourceOptions.Range range = SourceOptions.range(spec, inputs.count(), file);
        Fingerprint fingerprint = new Fingerprint(spec, inputs.exampleShape().toString())
                .file(file.getFileName().toString(), file);
        if (labelsFile.isPresent()) {
            fingerprint.file(file.getParent().relativize(labelsFile.get()).toString(), labelsFile.get());
        }
        String name = file.getFileName() + (labelsFile.isPresent() ? " + " + labelsFile.get().getFileName() : "")
                + " (NumPy" + (labels == null ? ", unlabelled" : "") + ")" + range.describe(inputs.count());
        return LoadedSource.slice(name, inputs.values(), (int) inputs.exampleShape().elements(), labels, range,
                inputs.exampleShape(), SourceOptions.classNames(spec), fingerprint.hex());
    }

    /** The labels file by the rule in the class comment. */
    static Optional<Path> labelsFile(DataSpec spec) throws DataException {
        Path file = spec.path();
        Path folder = file.getParent();
        String chosen = spec.options().get("labels");
        if (chosen != null) {
            Path labels = folder.resolve(chosen);
            if (!Files.isRegularFile(labels)) {
                throw new DataException("The labels file " + labels + " does not exist.");
            }
            return Optional.of(labels);
        }
        String fileName = file.getFileName().toString();
        String stem = fileName.toLowerCase(Locale.ROOT).endsWith(".npy")
                ? fileName.substring(0, fileName.length() - ".npy".length()) : fileName;
        Path sibling = folder.resolve(stem + "_labels.npy");
        if (Files.isRegularFile(sibling)) {
            return Optional.of(sibling);
        }
        Path y = folder.resolve(stem.equals("X") ? "Y.npy" : "y.npy");
        return stem.equalsIgnoreCase("x") && Files.isRegularFile(y) ? Optional.of(y) : Optional.empty();
    }

    private static INDArray read(Path file) throws DataException {
        byte[] bytes;
        try (java.io.InputStream in = Files.newInputStream(file)) {
            bytes = NpyHeader.read(in, file.toString());
        } catch (DataException e) {
            throw e;
        } catch (IOException e) {
            throw new DataException("Could not read " + file + " (" + e.getMessage() + ").", e);
        }
        return NumpyArrays.parseNpy(bytes, file.toString());
    }
}
