package dev.shears.io;

import dev.shears.analysis.FloatValues;
import dev.shears.data.DataSource;
import dev.shears.data.Examples;
import dev.shears.engine.Dl4jEngine;
import dev.shears.engine.InferenceEngine;
import dev.shears.eval.Engines;
import dev.shears.model.ImageGeometry;
import dev.shears.model.ImageLayout;
import dev.shears.model.ModelInput;
import dev.shears.model.NetworkGraph;
import dev.shears.model.TensorShape;
import dev.shears.pruning.BatchNormStatistics;
import dev.shears.pruning.ParamArrays;
import dev.shears.pruning.Reconstruction;
import dev.shears.pruning.plan.ReconstructionTargets;
import dev.shears.onnx.OnnxBackend;
import dev.shears.onnx.OnnxModel;
import dev.shears.onnx.convert.ConversionException;
import dev.shears.onnx.convert.ConvertedModel;
import dev.shears.onnx.convert.Dl4jToOnnx;
import dev.shears.pruning.Weights;
import dev.shears.pruning.plan.Plan;
import dev.shears.pruning.plan.PruningPlan;
import dev.shears.pruning.plan.UnstructuredPlan;
import dev.shears.pruning.surgery.MaskApplier;
import dev.shears.pruning.surgery.NetworkLayers;
import dev.shears.pruning.surgery.NetworkWeights;
import dev.shears.pruning.surgery.Surgeon;
import dev.shears.task.Cancellation;
import dev.shears.task.ProgressListener;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The DL4J backend: DL4J ModelSerializer zips and Keras 2 models imported by DL4J. Masks and
 * surgery run on DL4J networks; evaluation runs in ONNX Runtime when the network converts
 * ({@link Engines}); DL4J is the reference runtime and the only one that trains.
 */
public final class Dl4jBackend implements ModelBackend {
    private final Model network;
    private final ModelInput input;
    private final String formatName;
    private volatile NetworkGraph graph;

    private Dl4jBackend(Model network, NetworkGraph graph, ModelInput input, String formatName) {
        this.network = network;
        this.graph = graph;
        this.input = input;
        this.formatName = formatName;
    }

    /** A network whose input is what its configuration says (or a guess the graph flags as assumed). */
    public static Dl4jBackend of(Model network) {
        NetworkGraph graph = NetworkGraphReader.read(network);
        return new Dl4jBackend(network, graph, graph.input(), "DL4J");
    }

    /** A network whose input the file recorded (a Keras model's InputLayer). */
    static Dl4jBackend imported(Model network, ModelInput input) {
        return new Dl4jBackend(network, NetworkGraphReader.read(network, input), input, "Keras 2 (via DL4J)");
    }

    /**
     * Another network with this one's input — after pruning or fine-tuning — so the image size and
     * layout a Keras file recorded survive. Its graph is read when first asked for.
     */
    public Dl4jBackend withNetwork(Model changed) {
        return new Dl4jBackend(changed, null, input, formatName);
    }

    @Override
    public String formatName() {
        return formatName;
    }

    @Override
    public String fileFormat() {
        return "DL4J zip";
    }

    @Override
    public String fileExtension() {
        return "zip";
    }

    @Override
    public boolean zerosShrinkFile() {
        return true;
    }

    @Override
    public NetworkGraph graph() {
        NetworkGraph g = graph;
        if (g == null) {
            g = NetworkGraphReader.read(network, input);
            graph = g;
        }
        return g;
    }

    /** Checked against every layer first: a size the layers refuse fails here, with its sentence, not in a forward pass. */
    @Override
    public ModelBackend withInputShape(TensorShape typed) {
        ModelInput answered = InputShapes.answered(graph().input(), typed);
        org.deeplearning4j.nn.conf.inputs.InputType type = ModelInputs.inputType(answered).orElseThrow(() ->
                new IllegalArgumentException("Shears reads DL4J inputs as C,H,W images or feature vectors, not "
                        + InputShapes.format(typed)));
        InputSizes.of(network).problem(type).ifPresent(problem -> {
            throw new IllegalArgumentException("the layers do not take " + InputSizes.describe(type) + ": "
                    + problem);
        });
        return new Dl4jBackend(network, null, answered, formatName);
    }

    @Override
    public Optional<String> acceptedInputs() {
        NetworkGraph g = graph();
        if (!g.inputShapeAssumed() || g.input().image().isEmpty()) {
            return Optional.empty();
        }
        ImageGeometry image = g.input().image().get();
        return Optional.of(InputSizes.of(network).describeAccepted(image.channels(),
                image.layout() == ImageLayout.HWC ? CNN2DFormat.NHWC : CNN2DFormat.NCHW));
    }

    @Override
    public Weights weights() {
        return new NetworkWeights(network);
    }

    /** Straight from the network's parameter buffer: no copy of the tensor. */
    @Override
    public void forEachValue(String layerName, String key, ValueVisitor visitor) {
        ParamArrays.forEachValue(param(layerName, key), visitor::accept);
    }

    /** Row-major whatever order DL4J keeps the array in (a dense W is 'f' internally). */
    @Override
    public float[] paramValues(String layerName, String key) {
        return ParamArrays.rowMajor(param(layerName, key));
    }

    /** Row-major, read from the network's parameter buffer: no copy of the tensor (the network never changes). */
    @Override
    public FloatValues paramView(String layerName, String key) {
        return ParamArrays.inPlace(param(layerName, key));
    }

    private INDArray param(String layerName, String key) {
        org.deeplearning4j.nn.api.Layer layer = network instanceof MultiLayerNetwork mln ? mln.getLayer(layerName)
                : ((ComputationGraph) network).getLayer(layerName);
        if (layer == null) {
            throw new IllegalArgumentException("no layer named '" + layerName + "'");
        }
        INDArray values = layer.getParam(key);
        if (values == null) {
            throw new IllegalArgumentException("layer '" + layerName + "' has no parameter '" + key + "'");
        }
        return values;
    }

    @Override
    public ModelBackend masked(Plan plan) {
        Model masked = plan instanceof PruningPlan structured ? MaskApplier.apply(network, graph(), structured)
                : MaskApplier.apply(network, (UnstructuredPlan) plan);
        return withNetwork(masked);
    }

    @Override
    public ModelBackend shrunk(PruningPlan plan) {
        return withNetwork(Surgeon.shrink(network, graph(), plan));
    }

    /** DL4J keeps the variance as it is, or as log10 of the standard deviation (useLogStd, its default). */
    @Override
    public ModelBackend withBatchNormStatistics(Map<String, BatchNormStatistics> statistics) {
        Model changed = NetworkLayers.copy(network);
        for (Map.Entry<String, BatchNormStatistics> e : statistics.entrySet()) {
            String layer = e.getKey();
            BatchNormStatistics s = e.getValue();
            INDArray mean = NetworkLayers.param(changed, layer, "mean");
            if (mean.length() != s.channels()) {
                throw new IllegalArgumentException(layer + " has " + mean.length() + " channels, the statistics "
                        + s.channels());
            }
            mean.assign(Nd4j.createFromArray(s.mean()).castTo(mean.dataType())
                    .reshape(mean.shape()));
            boolean logStd = graph().node(layer).orElseThrow(() -> new IllegalArgumentException("no layer named " + layer)).params().stream().anyMatch(p -> p.key().equals("log10stdev"));
            float[] variance = s.variance();
            if (logStd) {
                for (int c = 0; c < variance.length; c++) {
                    variance[c] = (float) (0.5 * Math.log10(variance[c]));
                }
            }
            INDArray target = NetworkLayers.param(changed, layer, logStd ? "log10stdev" : "var");
            target.assign(Nd4j.createFromArray(variance).castTo(target.dataType())
                    .reshape(target.shape()));
        }
        return withNetwork(changed);
    }

    @Override
    public ModelBackend withParamValues(Map<String, Map<String, float[]>> values) {
        Model changed = NetworkLayers.copy(network);
        values.forEach((layer, params) -> params.forEach((key, v) -> {
            INDArray target = NetworkLayers.param(changed, layer, key);
            if (target.length() != v.length) {
                throw new IllegalArgumentException(layer + "/" + key + " holds " + target.length() + " values, not "
                        + v.length);
            }
            // the graph's layout is DL4J's own: the values go in as they are, in C order
            target.assign(Nd4j.createFromArray(v).castTo(target.dataType()).reshape('c', target.shape()));
        }));
        return withNetwork(changed);
    }

    /**
     * Refitted in ONNX Runtime on both networks converted (each proven equal to its DL4J network). The
     * conversion names a layer's nodes after it but not as it ("conv1" becomes the node "conv1_conv"), so the
     * targets go over by the initializer each DL4J parameter was copied into, and the refits come back the same
     * way; the values are in the graph's layout on both sides.
     */
    @Override
    public Reconstruction measureReconstruction(ModelBackend original, ReconstructionTargets targets,
            DataSource source, int[] indices, ProgressListener progress, Cancellation cancellation)
            throws IOException {
        if (!(original instanceof Dl4jBackend unpruned)) {
            throw new IllegalArgumentException("a DL4J model is refitted against the DL4J model it was pruned from");
        }
        progress.progress(0, "preparing both networks for ONNX Runtime");
        Examples check = source.read(java.util.Arrays.copyOf(indices, Math.min(indices.length, 16)));
        ConvertedModel prunedConverted;
        ConvertedModel originalConverted;
        try {
            prunedConverted = Dl4jToOnnx.convert(network, check);
            originalConverted = Dl4jToOnnx.convert(unpruned.network, check);
        } catch (ConversionException e) {
            // refits are measured in ONNX Runtime: a network that does not convert is kept as pruned, and says why
            return new Reconstruction(java.util.List.of(), Map.of(graph().nodes().get(0).name(),
                    "the network does not convert to ONNX, where refits are measured: " + e.getMessage()));
        }
        try {
            OnnxBackend prunedOnnx = OnnxBackend.of(OnnxModel.fromBytes(prunedConverted.onnxBytes(),
                    Path.of("pruned.onnx")));
            OnnxBackend originalOnnx = OnnxBackend.of(OnnxModel.fromBytes(originalConverted.onnxBytes(),
                    Path.of("original.onnx")));
            Map<String, String> toOnnx = new java.util.HashMap<>();
            Map<String, String> fromOnnx = new java.util.HashMap<>();
            for (dev.shears.model.LayerNode node : graph().nodes()) {
                prunedConverted.initializerOf(node.name(), "W").flatMap(init -> prunedOnnx.network().bindings()
                        .stream().filter(b -> b.key().equals("W") && b.tensor().equals(init.name())).findFirst())
                        .ifPresent(b -> {
                            toOnnx.put(node.name(), b.node());
                            fromOnnx.put(b.node(), node.name());
                        });
            }
            // a node whose weights are not a DL4J layer's own W (a separable layer's pointwise half) has
            // nowhere to be written back, so it is not refitted either: later layers are fitted to it as it is
            Reconstruction measured = dev.shears.onnx.OnnxReconstruction.measure(originalOnnx.network(),
                    prunedOnnx.network(), targets.renamed(layer -> toOnnx.getOrDefault(layer, layer)),
                    node -> fromOnnx.containsKey(node) ? Optional.empty()
                            : Optional.of("its weights are not a DL4J layer's W, where a refit is written back"),
                    source, indices, OnnxBackend.MEASURING_BATCH, progress, cancellation);
            java.util.List<Reconstruction.Refit> refits = new java.util.ArrayList<>();
            for (Reconstruction.Refit r : measured.refits()) {
                String layer = fromOnnx.get(r.layer());
                if (layer == null) {
                    throw new IOException("the refitted ONNX node " + r.layer() + " belongs to no layer of the network");
                }
                refits.add(new Reconstruction.Refit(layer, r.values(), r.errorBefore(), r.errorAfter()));
            }
            Map<String, String> skipped = new java.util.LinkedHashMap<>();
            measured.skipped().forEach((node, why) -> skipped.put(fromOnnx.getOrDefault(node, node), why));
            return new Reconstruction(refits, skipped);
        } catch (dev.shears.onnx.OnnxFormatException e) {
            throw new IOException("the network cannot be refitted in ONNX Runtime: " + e.getMessage(), e);
        }
    }

    /**
     * Measured in ONNX Runtime on the converted network (proven equal to this one when converted), whose
     * BatchNorm nodes carry the DL4J layers' names; the caller checks that each of its layers was measured.
     */
    @Override
    public Map<String, BatchNormStatistics> measureBatchNormStatistics(DataSource source, int[] indices,
            ProgressListener progress, Cancellation cancellation) throws IOException {
        if (graph().nodesOfKind(dev.shears.model.LayerKind.BATCH_NORMALIZATION).isEmpty()) {
            return Map.of(); // nothing to convert for
        }
        progress.progress(0, "preparing the network for ONNX Runtime");
        Examples check = source.read(java.util.Arrays.copyOf(indices, Math.min(indices.length, 16)));
        return asOnnx(check).measureBatchNormStatistics(source, indices, progress, cancellation);
    }

    @Override
    public InferenceEngine openEngine(Examples checkInputs) throws IOException {
        try {
            return Engines.open(network, checkInputs);
        } catch (ConversionException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    @Override
    public InferenceEngine referenceEngine() {
        return new Dl4jEngine(network);
    }

    @Override
    public long serializedBytes() throws IOException {
        return ModelFiles.zipBytes(network);
    }

    @Override
    public void write(Path target) throws IOException {
        org.deeplearning4j.util.ModelSerializer.writeModel(network, target.toFile(), false);
    }

    @Override
    public ModelBackend readBack(Path written) throws IOException {
        return ModelLoader.load(written).backend();
    }

    /** Parameters are written as they are, so a network read back computes bit for bit what this one does. */
    @Override
    public Rereader rereader() {
        NetworkGraph g = graph();
        ModelInput in = input;
        String name = formatName;
        boolean computationGraph = network instanceof ComputationGraph;
        return written -> new Dl4jBackend(computationGraph
                ? org.deeplearning4j.util.ModelSerializer.restoreComputationGraph(written.toFile(), false)
                : org.deeplearning4j.util.ModelSerializer.restoreMultiLayerNetwork(written.toFile(), false),
                g, in, name);
    }

    @Override
    public ModelBackend asOnnx(Examples checkInputs) throws IOException {
        try {
            ConvertedModel converted = Dl4jToOnnx.convert(network, checkInputs);
            return OnnxBackend.of(OnnxModel.fromBytes(converted.onnxBytes(), Path.of("converted.onnx")));
        } catch (ConversionException e) {
            throw new IOException("the model cannot be written as ONNX: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<Model> trainable() {
        return Optional.of(network);
    }

    @Override
    public Optional<String> whyNotTrainable() {
        return Optional.empty();
    }
}
