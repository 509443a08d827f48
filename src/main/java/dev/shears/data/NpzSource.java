package dev.shears.data;

import dev.shears.model.ModelInput;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A NumPy {@code .npz} ({@code numpy.savez} or {@code numpy.savez_compressed}), its arrays parsed by ND4J: inputs in array {@code x},
 * labels in {@code y} (options {@code x=NAME}, {@code y=NAME}). Without a {@code y} array, or with
 * option {@code unlabelled}, the data is unlabelled; a {@code y} named in the options must exist.
 * Values are used as they are (see {@link NumpyArrays}).
 */
final class NpzSource {
    private NpzSource() {
    }

    static DataSource open(DataSpec spec, ModelInput input) throws DataException {
        Path file = spec.path();
        Map<String, INDArray> arrays = read(file);
        String xName = spec.option("x", "x");
        String yName = spec.option("y", "y");
        INDArray x = arrays.get(xName);
        if (x == null) {
            throw new DataException("The .npz file " + file + " has no array named \"" + xName + "\" (it holds "
                    + String.join(", ", arrays.keySet()) + "); name the inputs with the option x=NAME.");
        }
        NumpyArrays.Inputs inputs = NumpyArrays.inputs(x, input, "the array " + xName + " in " + file);
        int[] labels = null;
        if (!spec.unlabelled()) {
            INDArray y = arrays.get(yName);
            if (y == null && spec.options().containsKey("y")) {
                throw new DataException("The .npz file " + file + " has no array named \"" + yName + "\" (it holds "
                        + String.join(", ", arrays.keySet()) + ").");
            }
            if (y != null) {
                labels = NumpyArrays.labels(y, inputs.count(), "the array " + yName + " in " + file);
            }
        }
        SourceOptions.Range range = SourceOptions.range(spec, inputs.count(), file);
        String fingerprint = new Fingerprint(spec, inputs.exampleShape().toString())
                .file(file.getFileName().toString(), file).hex();
        String name = file.getFileName() + " (NumPy" + (labels == null ? ", unlabelled" : "") + ")"
                + range.describe(inputs.count());
        return LoadedSource.slice(name, inputs.values(), (int) inputs.exampleShape().elements(), labels, range,
                inputs.exampleShape(), SourceOptions.classNames(spec), fingerprint);
    }

    /**
     * Arrays by name, without the ".npy" each has inside the zip. The zip is opened here rather than by
     * {@code Nd4j.createFromNpzFile}, which cannot read the deflated entries of {@code numpy.savez_compressed}.
     */
    private static Map<String, INDArray> read(Path file) throws DataException {
        Map<String, INDArray> arrays = new TreeMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            for (ZipEntry entry : Collections.list(zip.entries())) {
                String name = entry.getName();
                if (entry.isDirectory() || !name.endsWith(".npy")) {
                    continue;
                }
                String arrayName = name.substring(0, name.length() - ".npy".length());
                if (arrays.containsKey(arrayName)) {
                    throw new DataException("The .npz file " + file + " holds the array " + arrayName + " twice, so which"
                            + " one is meant is ambiguous.");
                }
                byte[] bytes;
                try (InputStream in = zip.getInputStream(entry)) {
                    bytes = NpyHeader.read(in, "the array " + arrayName + " in " + file);
                }
                arrays.put(arrayName, NumpyArrays.parseNpy(bytes, "the array " + arrayName + " in " + file));
            }
        } catch (DataException e) {
            throw e;
        } catch (IOException e) {
            throw new DataException("Could not read " + file + " as a NumPy .npz file (one written by numpy.savez or "
                    + "numpy.savez_compressed).", e);
        }
        if (arrays.isEmpty()) {
            throw new DataException("The .npz file " + file + " holds no arrays.");
        }
        return arrays;
    }
}
