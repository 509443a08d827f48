package dev.shears.onnx;

import ai.onnxruntime.OrtException;
import dev.shears.data.DataSource;
import dev.shears.data.Examples;
import dev.shears.engine.InferenceEngine;
import dev.shears.engine.OrtEngine;
import dev.shears.io.ModelBackend;
import dev.shears.io.ModelChangeException;
import dev.shears.model.NetworkGraph;
import dev.shears.pruning.BatchNormStatistics;
import dev.shears.pruning.Reconstruction;
import dev.shears.pruning.plan.ReconstructionTargets;
import dev.shears.pruning.Weights;
import dev.shears.pruning.plan.Plan;
import dev.shears.pruning.plan.PruningPlan;
import dev.shears.pruning.plan.UnstructuredPlan;
import dev.shears.task.Cancellation;
import dev.shears.task.ProgressListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.deeplearning4j.nn.api.Model;

/**
 * The ONNX backend: masks zero initializers, surgery slices them ({@link OnnxMasker},
 * {@link OnnxSurgeon}), ONNX Runtime evaluates and judges. ONNX Runtime cannot train from Java, so
 * an ONNX model is never {@linkplain #trainable() trainable}.
 */
public final class OnnxBackend implements ModelBackend {
    static final String NOT_TRAINABLE = "ONNX Runtime cannot train from Java, so ONNX models are not fine-tuned"
            + " here: the sensitivity scan shows which layers tolerate pruning, and lower ratios keep more accuracy";
    /** Examples per forward pass when measuring (BatchNorm statistics, refits). */
    public static final int MEASURING_BATCH = 256;
    private final OnnxNetwork network;
    private volatile OnnxWeights weights;

    private OnnxBackend(OnnxNetwork network) {
        this.network = network;
    }

    public static OnnxBackend of(OnnxNetwork network) {
        return new OnnxBackend(network);
    }

    /** Reads the graph of a model in memory (a sentence when it cannot). */
    public static OnnxBackend of(OnnxModel model) throws OnnxFormatException {
        return new OnnxBackend(OnnxGraphReader.read(model));
    }

    public static OnnxBackend open(Path file) throws OnnxFormatException {
        return new OnnxBackend(OnnxFiles.open(file));
    }

    public OnnxNetwork network() {
        return network;
    }

    @Override
    public String formatName() {
        return "ONNX";
    }

    @Override
    public String fileFormat() {
        return "ONNX file";
    }

    @Override
    public String fileExtension() {
        return "onnx";
    }

    @Override
    public boolean zerosShrinkFile() {
        return false;
    }

    @Override
    public NetworkGraph graph() {
        return network.graph();
    }

    @Override
    public Weights weights() {
        OnnxWeights w = weights;
        if (w == null) {
            w = new OnnxWeights(network);
            weights = w;
        }
        return w;
    }

    @Override
    public float[] paramValues(String layer, String key) {
        return weights().get(layer, key).values();
    }

    @Override
    public ModelBackend masked(Plan plan) {
        try {
            return derived(plan instanceof PruningPlan structured ? OnnxMasker.masked(network, structured)
                    : OnnxMasker.unstructured(network, (UnstructuredPlan) plan));
        } catch (OnnxPruningException e) {
            throw new ModelChangeException(e.getMessage(), e);
        }
    }

    @Override
    public ModelBackend shrunk(PruningPlan plan) {
        try {
            return derived(OnnxSurgeon.shrink(network, plan));
        } catch (OnnxPruningException e) {
            throw new ModelChangeException(e.getMessage(), e);
        }
    }

    @Override
    public ModelBackend withBatchNormStatistics(Map<String, BatchNormStatistics> statistics) {
        try {
            return derived(OnnxBatchNorms.withStatistics(network, statistics));
        } catch (OnnxPruningException e) {
            throw new ModelChangeException(e.getMessage(), e);
        }
    }

    @Override
    public Map<String, BatchNormStatistics> measureBatchNormStatistics(DataSource source, int[] indices,
            ProgressListener progress, Cancellation cancellation) throws IOException {
        return OnnxBatchNorms.measure(network, source, indices, MEASURING_BATCH, progress, cancellation);
    }

    @Override
    public ModelBackend withParamValues(Map<String, Map<String, float[]>> values) {
        try {
            return derived(OnnxReconstruction.withValues(network, values));
        } catch (OnnxPruningException e) {
            throw new ModelChangeException(e.getMessage(), e);
        }
    }

    @Override
    public Reconstruction measureReconstruction(ModelBackend original, ReconstructionTargets targets,
            DataSource source, int[] indices, ProgressListener progress, Cancellation cancellation)
            throws IOException {
        if (!(original instanceof OnnxBackend unpruned)) {
            throw new IllegalArgumentException("an ONNX model is refitted against the ONNX model it was pruned from");
        }
        return OnnxReconstruction.measure(unpruned.network, network, targets, source, indices, MEASURING_BATCH,
                progress, cancellation);
    }

    private static OnnxBackend derived(OnnxModel changed) {
        try {
            return of(changed);
        } catch (OnnxFormatException e) {
            throw new ModelChangeException("the changed ONNX model cannot be read back: " + e.getMessage(), e);
        }
    }

    @Override
    public InferenceEngine openEngine(Examples checkInputs) throws IOException {
        return referenceEngine();
    }

    @Override
    public InferenceEngine referenceEngine() throws IOException {
        try {
            return new OrtEngine(network.model().selfContained().toByteArray());
        } catch (OrtException e) {
            throw new IOException("ONNX Runtime cannot run this model (" + e.getMessage() + ")", e);
        }
    }

    @Override
    public long serializedBytes() {
        return network.model().selfContained().getSerializedSize();
    }

    /** Self-contained: external data is inlined, so the file is whole wherever it is written. */
    @Override
    public void write(Path target) throws IOException {
        Files.write(target, network.model().selfContained().toByteArray());
    }

    @Override
    public ModelBackend readBack(Path written) throws IOException {
        return of(OnnxModel.read(written));
    }

    @Override
    public Rereader rereader() {
        return written -> of(OnnxModel.read(written));
    }

    @Override
    public ModelBackend asOnnx(Examples checkInputs) {
        return this;
    }

    @Override
    public Optional<Model> trainable() {
        return Optional.empty();
    }

    @Override
    public Optional<String> whyNotTrainable() {
        return Optional.of(NOT_TRAINABLE);
    }
}
