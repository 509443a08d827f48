package dev.shears.io;

import dev.shears.analysis.FloatValues;
import dev.shears.model.NetworkGraph;
import dev.shears.model.TensorShape;
import java.io.IOException;
import java.nio.file.Path;
import org.deeplearning4j.nn.api.Model;

/**
 * An opened model: its backend (never modified: every pruning step makes a new one), and where it
 * came from.
 *
 * @param fileBytes the size of the file it was read from, or of the changed model as its format writes it
 * @param sourceSha256 SHA-256 of the opened file's bytes, taken when it was read: provenance, caches and
 *                     exports use it, so nothing after opening needs the file to still be there
 */
public record LoadedModel(Path file, long fileBytes, String sourceSha256, ModelBackend backend) {
    public NetworkGraph graph() {
        return backend.graph();
    }

    /**
     * The DL4J network, for what only DL4J can do (training, Taylor scores). Callers that may hold a
     * model of another format ask {@code backend().trainable()} first and show
     * {@code backend().whyNotTrainable()} otherwise.
     */
    public Model network() {
        return backend.trainable().orElseThrow(() -> new UnsupportedOperationException(
                backend.whyNotTrainable().orElse("this model has no DL4J network")));
    }

    /**
     * This model read with the input size a user gave (C,H,W for images): the answer when the file
     * does not record it ({@code graph().inputShapeAssumed()}); the same model when it is the size
     * already read from the file.
     *
     * @throws ModelLoadException naming the layer that refuses the size
     */
    public LoadedModel withInputShape(TensorShape typed) throws ModelLoadException {
        if (!graph().inputShapeAssumed() && InputShapes.asTyped(graph().input()).equals(typed)) {
            return this;
        }
        try {
            return new LoadedModel(file, fileBytes, sourceSha256, backend.withInputShape(typed));
        } catch (IllegalArgumentException e) {
            throw new ModelLoadException(file, e.getMessage(), e);
        }
    }

    /** The model after a change that keeps its input (pruning, fine-tuning), with its size as its format writes it. */
    public LoadedModel withBackend(ModelBackend changed) throws IOException {
        return new LoadedModel(file, changed.serializedBytes(), sourceSha256, changed);
    }

    /**
     * A DL4J network after a change that keeps its input (pruning, fine-tuning), read anew with this
     * model's input: the image size and layout a Keras file recorded survive.
     */
    public LoadedModel withNetwork(Model changed, long changedFileBytes) {
        Dl4jBackend dl4j = backend instanceof Dl4jBackend d ? d : Dl4jBackend.of(network());
        return new LoadedModel(file, changedFileBytes, sourceSha256, dl4j.withNetwork(changed));
    }

    /** A copy of one parameter tensor's values in row-major order, in the graph's layout. */
    public float[] paramValues(String layerName, String key) {
        return backend.paramValues(layerName, key);
    }

    /** One parameter tensor's values in row-major order, read where they lie (no copy where the format allows). */
    public FloatValues paramView(String layerName, String key) {
        return backend.paramView(layerName, key);
    }

    /** The file name without ".zip", ".h5" or ".onnx", as shown in the title bar. */
    public String displayName() {
        String name = file.getFileName().toString();
        for (String extension : new String[] {".zip", ".h5", ".onnx"}) {
            if (name.endsWith(extension)) {
                return name.substring(0, name.length() - extension.length());
            }
        }
        return name;
    }
}
