package dev.shears.io;

import dev.shears.analysis.FloatValues;
import dev.shears.data.Examples;
import dev.shears.engine.InferenceEngine;
import dev.shears.model.NetworkGraph;
import dev.shears.model.TensorShape;
import dev.shears.pruning.Weights;
import dev.shears.pruning.plan.Plan;
import dev.shears.pruning.plan.PruningPlan;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.deeplearning4j.nn.api.Model;

/**
 * One model in one format, as the rest of Shears uses it: its graph and weights for the views and
 * the planners, masked and shrunk copies for previews and Apply, engines for evaluation, and its
 * own file. Each format implements it in its backend ({@link Dl4jBackend} for DL4J and Keras models,
 * {@code OnnxBackend} for ONNX); nothing above a backend asks which format it has — it asks for a
 * capability ({@link #trainable()}, {@link #asOnnx}) and says why when it is missing. Immutable:
 * every change returns a new backend.
 */
public interface ModelBackend {
    /** The format in a few words, shown to the user: "DL4J", "Keras 2 (via DL4J)", "ONNX". */
    String formatName();

    /** What a file of this format is called in sizes and dialogs: "DL4J zip", "ONNX file". */
    String fileFormat();

    /** The extension this backend writes, without the dot: "zip", "onnx". */
    String fileExtension();

    /**
     * Whether zeroed weights make this format's file smaller (a zip deflates them; an ONNX file
     * stores every float), for the size estimates before anything is written.
     */
    boolean zerosShrinkFile();

    NetworkGraph graph();

    /**
     * This model read with the input size a user gave — the answer when the file does not record it
     * ({@link NetworkGraph#inputShapeAssumed()}), or another size its layers take.
     *
     * @param typed C,H,W for images (whatever layout the model keeps them in), the length for vectors
     * @throws IllegalArgumentException with a sentence naming the layer that refuses the size, or
     *                                  saying why this format takes only the size its file records
     */
    default ModelBackend withInputShape(TensorShape typed) {
        TensorShape recorded = graph().input().shape();
        throw new IllegalArgumentException(formatName() + " models take the input size their file records" + (recorded
                .isKnown() ? " (" + recorded + ")" : "; this file leaves part of it open (a named dimension),"
                + " which Shears cannot fill in for this format yet"));
    }

    /**
     * Which input sizes the layers take, in words ("any size from 3×32×32", "3×69×69 to 3×260×260"),
     * when the file does not record the size; empty when it does.
     */
    default Optional<String> acceptedInputs() {
        return Optional.empty();
    }

    /** Parameter values in the graph's layout (DL4J's: conv [out, in, kH, kW], dense [in, out]). */
    Weights weights();

    /** A copy of one parameter's values, row-major in the graph's layout. */
    float[] paramValues(String layer, String key);

    /**
     * One parameter's values, row-major in the graph's layout, read where they lie when the format
     * allows (DL4J: the network's own buffer, no copy); valid as long as this backend is. For views
     * that keep a tensor shown: a copy would double the memory of a big layer.
     */
    default FloatValues paramView(String layer, String key) {
        return FloatValues.of(paramValues(layer, key));
    }

    /**
     * Every value of one parameter, in whatever order the format stores them, without a copy of the
     * tensor where the format allows (for histograms and statistics of all weights).
     */
    default void forEachValue(String layer, String key, ValueVisitor visitor) {
        for (float v : paramValues(layer, key)) {
            visitor.accept(v);
        }
    }

    /** Receives values one at a time. */
    @FunctionalInterface
    interface ValueVisitor {
        void accept(float value);
    }

    /** This model with the plan's channels or weights zeroed: what the pruned model computes. */
    ModelBackend masked(Plan plan);

    /** This model with the plan's channels physically removed. */
    ModelBackend shrunk(PruningPlan plan);

    /**
     * A copy whose named BatchNorm layers hold these running means and variances (one per channel, as
     * many channels as the layer has); every other value as it is. Keys are the graph's layer names.
     */
    ModelBackend withBatchNormStatistics(java.util.Map<String, dev.shears.pruning.BatchNormStatistics> statistics);

    /**
     * Every BatchNorm layer's running statistics measured anew on the examples at {@code indices} of
     * {@code source}, in graph order, each on the network whose earlier BatchNorms already hold their new
     * statistics (what it will see once they all do); keys are the graph's layer names, empty without a
     * BatchNorm. Nothing of this model changes: {@link #withBatchNormStatistics} writes them.
     */
    java.util.Map<String, dev.shears.pruning.BatchNormStatistics> measureBatchNormStatistics(
            dev.shears.data.DataSource source, int[] indices, dev.shears.task.ProgressListener progress,
            dev.shears.task.Cancellation cancellation) throws IOException;

    /**
     * A copy whose named layers hold these parameter values (layer → key → values, row-major in the graph's
     * layout, as many as the parameter has); every other value as it is.
     */
    ModelBackend withParamValues(java.util.Map<String, java.util.Map<String, float[]>> values);

    /**
     * This pruned model's convolutions and dense layers refitted by least squares to compute what they computed
     * in {@code original} ({@link dev.shears.pruning.Reconstruction}), measured on the examples at {@code indices}
     * of {@code source}, in graph order, each on the network whose earlier layers already hold their refitted
     * weights. Keys are the graph's layer names; nothing of this model changes: {@link #withParamValues}
     * writes them.
     *
     * @param original the model this one was pruned from (same format)
     * @param targets  what the pruning removed, in the graph's layer names
     */
    dev.shears.pruning.Reconstruction measureReconstruction(ModelBackend original,
            dev.shears.pruning.plan.ReconstructionTargets targets, dev.shears.data.DataSource source, int[] indices,
            dev.shears.task.ProgressListener progress, dev.shears.task.Cancellation cancellation) throws IOException;

    /**
     * The model as it runs fastest for evaluation: ONNX Runtime when possible, proven equal to the
     * format's own runtime on {@code checkInputs} when a conversion is involved.
     */
    InferenceEngine openEngine(Examples checkInputs) throws IOException;

    /** The format's own runtime (DL4J for DL4J models, ONNX Runtime for ONNX): the judge of equivalence. */
    InferenceEngine referenceEngine() throws IOException;

    /** Bytes of this model written in its format. */
    long serializedBytes() throws IOException;

    /** Writes the model in its format (the caller makes the write atomic). */
    void write(Path target) throws IOException;

    /** Reads back a file this backend wrote, as the same format. */
    ModelBackend readBack(Path written) throws IOException;

    /**
     * Reads a file {@link #write} made back as this very model — its graph, input and format name
     * kept — without holding on to this model, so that the undo history can let go of a model and
     * read it again later ({@link SpillableModel}).
     */
    Rereader rereader();

    /** Reads a model back from a file its backend wrote. */
    @FunctionalInterface
    interface Rereader {
        ModelBackend read(Path written) throws IOException;
    }

    /**
     * This model as ONNX: itself for an ONNX model; converted, and proven equal on {@code checkInputs},
     * for a DL4J one. A sentence naming what does not convert otherwise.
     */
    ModelBackend asOnnx(Examples checkInputs) throws IOException;

    /** The DL4J network, when this model can be trained (fine-tuning, Taylor scores); empty otherwise. */
    Optional<Model> trainable();

    /** Why {@link #trainable()} is empty, in a sentence; empty when it is not. */
    Optional<String> whyNotTrainable();
}
