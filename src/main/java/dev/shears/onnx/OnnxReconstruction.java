package dev.shears.onnx;

import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnxruntime.OrtException;
import dev.shears.data.DataSource;
import dev.shears.data.Examples;
import dev.shears.engine.OrtEngine;
import dev.shears.engine.Outputs;
import dev.shears.model.LayerKind;
import dev.shears.model.LayerNode;
import dev.shears.pruning.LeastSquares;
import dev.shears.pruning.Reconstruction;
import dev.shears.pruning.plan.ReconstructionTargets;
import dev.shears.task.Cancellation;
import dev.shears.task.ProgressListener;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.SortedSet;

/**
 * Refits a pruned network's convolutions and dense layers by least squares so that each computes, from what
 * reaches it in the pruned network, what it computed in the unpruned one (the reconstruction of ThiNet, Luo et
 * al. 2017, and of He et al. 2017's channel pruning, without their channel selection: the plan has chosen).
 * Layers go in graph order, each measured on the network whose earlier layers already hold their refitted
 * weights, so later layers also make up for what earlier fits left. A layer before the first one whose input
 * lost channels computes exactly what it did and is left alone.
 *
 * <p>A convolution contributes {@link #POSITIONS} output positions per example (seeded), each a row of
 * in-channels × kernel values; a dense layer one row per example. Targets are the unpruned layer's outputs
 * before any activation, restricted to the output channels the plan keeps.
 */
public final class OnnxReconstruction {
    /** Output positions of a convolution sampled per example: ThiNet samples 10; more rows cost little. */
    static final int POSITIONS = 16;
    /** Widest input refitted: the normal equations are features² doubles and their solve features³. */
    public static final int MAX_FEATURES = 2304;
    private static final long SEED = 7;

    private OnnxReconstruction() {
    }

    /**
     * @param original the unpruned network
     * @param pruned   the same network with channels removed
     * @param targets  what the pruning removed, in these networks' layer names
     */
    public static Reconstruction measure(OnnxNetwork original, OnnxNetwork pruned, ReconstructionTargets targets,
            DataSource source, int[] indices, int batch, ProgressListener progress, Cancellation cancellation)
            throws IOException {
        return measure(original, pruned, targets, layer -> Optional.empty(), source, indices, batch, progress,
                cancellation);
    }

    /**
     * @param notRefittable layer → why it cannot be refitted in the form the caller writes back to (empty: it can)
     */
    public static Reconstruction measure(OnnxNetwork original, OnnxNetwork pruned, ReconstructionTargets targets,
            java.util.function.Function<String, Optional<String>> notRefittable, DataSource source, int[] indices,
            int batch, ProgressListener progress, Cancellation cancellation) throws IOException {
        List<LayerNode> layers = pruned.graph().nodes().stream().filter(n -> n.kind() == LayerKind.CONVOLUTION
                || n.kind() == LayerKind.DENSE || n.kind() == LayerKind.OUTPUT).filter(n -> n.hasParams()).toList();
        // from the first layer whose input is not what it was on, every layer sees something else
        int first = -1;
        for (int i = 0; i < layers.size() && first < 0; i++) {
            LayerNode layer = layers.get(i);
            if (original.graph().node(layer.name()).map(n -> !n.inputShape().equals(layer.inputShape()))
                    .orElse(true)) {
                first = i;
            }
        }
        List<Reconstruction.Refit> refits = new ArrayList<>();
        Map<String, String> skipped = new LinkedHashMap<>();
        if (first < 0) {
            return new Reconstruction(refits, skipped);
        }
        OnnxModel current = pruned.model();
        List<LayerNode> todo = layers.subList(first, layers.size());
        for (int i = 0; i < todo.size(); i++) {
            LayerNode layer = todo.get(i);
            cancellation.throwIfCancelled();
            progress.progress((double) i / todo.size(), "refitting " + layer.name() + " (" + (i + 1) + " of "
                    + todo.size() + ")");
            Optional<String> why = notRefittable.apply(layer.name());
            if (why.isPresent()) {
                skipped.put(layer.name(), why.get());
                continue;
            }
            try {
                Fitting fitting = Fitting.of(original, pruned, layer, targets);
                LeastSquares.Fit fit = fitting.fit(current, original.model(), source, indices, batch,
                        new Random(SEED + i), cancellation);
                if (!fit.improves()) {
                    skipped.put(layer.name(), "its pruned weights did better on the held-out examples");
                    continue;
                }
                Map<String, float[]> values = fitting.graphValues(fit);
                refits.add(new Reconstruction.Refit(layer.name(), values, fit.residualBefore(), fit.residual()));
                current = withValues(pruned, current, Map.of(layer.name(), values));
            } catch (Unfit e) {
                skipped.put(layer.name(), e.getMessage());
            } catch (OnnxPruningException e) {
                throw new IOException(e.getMessage(), e);
            }
        }
        progress.progress(1, "layers refitted");
        return new Reconstruction(refits, skipped);
    }

    /** The network's model with these layers' parameters replaced (values in the graph's layout). */
    public static OnnxModel withValues(OnnxNetwork network, Map<String, Map<String, float[]>> values)
            throws OnnxPruningException {
        return withValues(network, network.model(), values);
    }

    private static OnnxModel withValues(OnnxNetwork network, OnnxModel model,
            Map<String, Map<String, float[]>> values) throws OnnxPruningException {
        Map<String, TensorProto> replacements = new LinkedHashMap<>();
        values.forEach((layer, params) -> params.forEach((key, graphValues) -> {
            ParamBinding binding = network.binding(layer, key).orElseThrow(() -> new IllegalArgumentException(
                    layer + " has no parameter " + key));
            long[] shape = network.graph().node(layer).orElseThrow().params().stream()
                    .filter(p -> p.key().equals(key)).findFirst().orElseThrow().shape().dims();
            int[] storedIndex = StoredLayouts.storedIndexOf(binding.layout(), shape);
            if (storedIndex.length != graphValues.length) {
                throw new IllegalArgumentException(layer + "/" + key + " holds " + storedIndex.length
                        + " values, not " + graphValues.length);
            }
            float[] stored = new float[graphValues.length];
            for (int i = 0; i < stored.length; i++) {
                stored[storedIndex[i]] = graphValues[i];
            }
            replacements.put(binding.tensor(), TensorEdits.withReals(model.constant(binding.tensor()).orElseThrow(),
                    stored));
        }));
        return model.derived(ModelRewrite.withTensors(model, replacements).build());
    }

    /** Why a layer is not refitted, in words the report shows. */
    private static final class Unfit extends Exception {
        Unfit(String reason) {
            super(reason, null, false, false);
        }
    }

    /** One layer's geometry and tensors, in both networks. */
    private static final class Fitting {
        final LayerNode layer;
        final NodeProto prunedNode;
        final NodeProto originalNode;
        final boolean convolution;
        final boolean bias;
        final int inChannels;
        final int kernelH;
        final int kernelW;
        final long[] strides;
        final long[] pads;
        final long[] dilations;
        final int outputs;
        final int[] keptOutputs;
        final int originalOutputs;
        /** The kept outputs' targets of the row being added. */
        private final float[] targets;
        final float[] weights;
        final float[] intercepts;

        private Fitting(LayerNode layer, NodeProto prunedNode, NodeProto originalNode, boolean convolution,
                boolean bias, int inChannels, int kernelH, int kernelW, long[] strides, long[] pads, long[] dilations,
                int outputs, int[] keptOutputs, int originalOutputs, float[] weights, float[] intercepts) {
            this.layer = layer;
            this.prunedNode = prunedNode;
            this.originalNode = originalNode;
            this.convolution = convolution;
            this.bias = bias;
            this.inChannels = inChannels;
            this.kernelH = kernelH;
            this.kernelW = kernelW;
            this.strides = strides;
            this.pads = pads;
            this.dilations = dilations;
            this.outputs = outputs;
            this.keptOutputs = keptOutputs;
            this.originalOutputs = originalOutputs;
            this.targets = new float[outputs];
            this.weights = weights;
            this.intercepts = intercepts;
        }

        static Fitting of(OnnxNetwork original, OnnxNetwork pruned, LayerNode layer, ReconstructionTargets targets)
                throws Unfit {
            NodeProto prunedNode = weighted(pruned, layer.name());
            NodeProto originalNode = weighted(original, layer.name());
            ParamBinding w = pruned.binding(layer.name(), "W").orElseThrow();
            if (w.constantNode() || w.layout() == StoredLayout.DEPTHWISE) {
                throw new Unfit("its weights are not a plain stored tensor");
            }
            Optional<ParamBinding> b = pruned.binding(layer.name(), "b");
            if (b.isPresent() && (b.get().constantNode() || readers(pruned, b.get().tensor()) != 1)) {
                // the target includes that bias, and a fit without it would add it a second time
                throw new Unfit("its bias is computed by the graph or shared with another node");
            }
            boolean bias = b.isPresent();
            float[] weights = new OnnxWeights(pruned).get(layer.name(), "W").values();
            float[] intercepts = bias ? new OnnxWeights(pruned).get(layer.name(), "b").values() : null;
            long[] shape = layer.params().stream().filter(p -> p.key().equals("W")).findFirst().orElseThrow()
                    .shape().dims();
            boolean convolution = prunedNode.getOpType().equals("Conv");
            Attributes a = new Attributes(prunedNode);
            int outputs;
            int inChannels;
            int kernelH = 1;
            int kernelW = 1;
            long[] strides = {1, 1};
            long[] pads = {0, 0, 0, 0};
            long[] dilations = {1, 1};
            if (convolution) {
                if (shape.length != 4 || a.integer("group", 1) != 1) {
                    throw new Unfit("it is not a plain 2-D convolution");
                }
                String autoPad = a.text("auto_pad", "NOTSET");
                if (!autoPad.equals("NOTSET") && !autoPad.equals("VALID")) {
                    throw new Unfit("its padding is " + autoPad);
                }
                outputs = Math.toIntExact(shape[0]);
                inChannels = Math.toIntExact(shape[1]);
                kernelH = Math.toIntExact(shape[2]);
                kernelW = Math.toIntExact(shape[3]);
                strides = a.integers("strides").orElse(strides);
                pads = autoPad.equals("VALID") ? pads : a.integers("pads").orElse(pads);
                dilations = a.integers("dilations").orElse(dilations);
            } else {
                if (shape.length != 2 || layer.inputShape().rank() != 1) {
                    throw new Unfit("it is not a plain dense layer");
                }
                if (prunedNode.getOpType().equals("Gemm") && (a.integer("transA", 0) != 0
                        || a.real("alpha", 1) != 1 || a.real("beta", 1) != 1)) {
                    throw new Unfit("its Gemm scales or transposes its input");
                }
                inChannels = Math.toIntExact(shape[0]);
                outputs = Math.toIntExact(shape[1]);
            }
            if ((long) inChannels * kernelH * kernelW > MAX_FEATURES) {
                throw new Unfit("its " + inChannels * kernelH * kernelW + " inputs per output are more than "
                        + MAX_FEATURES + " (the fit would take too long)");
            }
            SortedSet<Long> removed = targets.removedOutputs(layer.name());
            int originalOutputs = outputs + removed.size();
            int[] kept = new int[outputs];
            int k = 0;
            for (int c = 0; c < originalOutputs; c++) {
                if (!removed.contains((long) c)) {
                    kept[k++] = c;
                }
            }
            return new Fitting(layer, prunedNode, originalNode, convolution, bias, inChannels, kernelH, kernelW,
                    strides, pads, dilations, outputs, kept, originalOutputs, weights, intercepts);
        }

        /** The Conv, Gemm or MatMul node that multiplies its input by the layer's W. */
        private static NodeProto weighted(OnnxNetwork network, String layer) throws Unfit {
            ParamBinding w = network.binding(layer, "W").orElseThrow(() -> new Unfit("it has no weights"));
            List<NodeProto> readers = network.model().proto().getGraph().getNodeList().stream()
                    .filter(n -> List.of("Conv", "Gemm", "MatMul").contains(n.getOpType()) && n.getInputCount() >= 2
                            && n.getInput(1).equals(w.tensor())).toList();
            if (readers.size() != 1 || readers(network, w.tensor()) != 1) {
                throw new Unfit("its weights are not read as a plain weight input by exactly one node");
            }
            return readers.get(0);
        }

        /** How many node inputs read the tensor. */
        private static long readers(OnnxNetwork network, String tensor) {
            return network.model().proto().getGraph().getNodeList().stream()
                    .flatMap(n -> n.getInputList().stream()).filter(tensor::equals).count();
        }

        int features() {
            return inChannels * kernelH * kernelW;
        }

        LeastSquares.Fit fit(OnnxModel pruned, OnnxModel original, DataSource source, int[] indices, int batch,
                Random random, Cancellation cancellation) throws IOException, Unfit {
            LeastSquares squares = new LeastSquares(features(), outputs, bias);
            // every fifth example is held out: a fit is kept only if it is better on examples it never saw
            LeastSquares heldOut = new LeastSquares(features(), outputs, bias);
            try (OrtEngine in = new OrtEngine(OnnxBatchNorms.tapped(pruned, prunedNode.getInput(0)));
                 OrtEngine out = new OrtEngine(OnnxBatchNorms.tapped(original, originalNode.getOutput(0)))) {
                for (int from = 0; from < indices.length; from += batch) {
                    cancellation.throwIfCancelled();
                    Examples examples = source.read(Arrays.copyOfRange(indices, from,
                            Math.min(indices.length, from + batch)));
                    Outputs x = in.run(examples);
                    Outputs y = out.run(examples);
                    addRows(squares, heldOut, from, x, y, random);
                }
            } catch (OrtException e) {
                throw new IOException("ONNX Runtime cannot run the network up to " + layer.name() + " ("
                        + e.getMessage() + ")", e);
            }
            if (squares.rows() <= squares.features() || heldOut.rows() == 0) {
                // no more rows than unknowns: any weights reproduce these examples exactly, and say nothing
                throw new Unfit("its " + features() + " inputs need more than " + features() + " rows to fit, and "
                        + "the examples give " + squares.rows());
            }
            double[] current = new double[features() * outputs];
            for (int f = 0; f < features(); f++) {
                for (int o = 0; o < outputs; o++) {
                    // graph layout: conv W [out, in, kH, kW], dense W [in, out]
                    current[f * outputs + o] = convolution ? weights[o * features() + f] : weights[f * outputs + o];
                }
            }
            double[] currentIntercepts = null;
            if (bias) {
                currentIntercepts = new double[outputs];
                for (int o = 0; o < outputs; o++) {
                    currentIntercepts[o] = intercepts[o];
                }
            }
            LeastSquares.Fit fit = squares.solve(current, currentIntercepts);
            return new LeastSquares.Fit(fit.weights(), fit.intercepts(),
                    heldOut.meanSquaredError(fit.weights(), fit.intercepts()),
                    heldOut.meanSquaredError(current, currentIntercepts));
        }

        /** Adds the batch's rows; those of every fifth example (counted from {@code first}) to {@code heldOut}. */
        private void addRows(LeastSquares fitted, LeastSquares heldOut, int first, Outputs x, Outputs y,
                Random random) throws Unfit {
            long[] xDims = x.exampleShape().dims();
            long[] yDims = y.exampleShape().dims();
            int xWidth = x.width();
            int yWidth = y.width();
            if (!convolution) {
                if (yDims.length != 1 || yDims[0] != originalOutputs) {
                    throw new Unfit("its outputs are not the unpruned layer's less the removed channels");
                }
                if (xDims.length != 1 || xDims[0] != features()) {
                    throw new Unfit("its input is not a flat vector of " + features());
                }
                double[] row = new double[features()];
                for (int e = 0; e < x.count(); e++) {
                    for (int f = 0; f < row.length; f++) {
                        row[f] = x.values()[e * xWidth + f];
                    }
                    addKept((first + e) % 5 == 4 ? heldOut : fitted, row, y.values(), e * yWidth, 1);
                }
                return;
            }
            if (yDims.length != 3 || yDims[0] != originalOutputs) {
                throw new Unfit("its outputs are not the unpruned layer's less the removed channels");
            }
            if (xDims.length != 3 || xDims[0] != inChannels) {
                throw new Unfit("its input is not a [channels, height, width] map of " + inChannels + " channels");
            }
            int height = Math.toIntExact(xDims[1]);
            int width = Math.toIntExact(xDims[2]);
            int outH = Math.toIntExact(yDims[1]);
            int outW = Math.toIntExact(yDims[2]);
            int plane = outH * outW;
            int positions = Math.min(POSITIONS, plane);
            double[] row = new double[features()];
            for (int e = 0; e < x.count(); e++) {
                int xBase = e * xWidth;
                for (int p = 0; p < positions; p++) {
                    int at = positions == plane ? p : random.nextInt(plane);
                    int oh = at / outW;
                    int ow = at % outW;
                    int f = 0;
                    for (int c = 0; c < inChannels; c++) {
                        for (int kh = 0; kh < kernelH; kh++) {
                            long ih = oh * strides[0] - pads[0] + kh * dilations[0];
                            for (int kw = 0; kw < kernelW; kw++) {
                                long iw = ow * strides[1] - pads[1] + kw * dilations[1];
                                row[f++] = ih < 0 || ih >= height || iw < 0 || iw >= width ? 0
                                        : x.values()[xBase + (int) ((c * height + ih) * width + iw)];
                            }
                        }
                    }
                    addKept((first + e) % 5 == 4 ? heldOut : fitted, row, y.values(), e * yWidth + at, plane);
                }
            }
        }

        /** One row with the kept outputs' targets ({@code stride} apart in the unpruned output). */
        private void addKept(LeastSquares squares, double[] row, float[] y, int from, int stride) {
            for (int o = 0; o < outputs; o++) {
                targets[o] = y[from + keptOutputs[o] * stride];
            }
            squares.add(row, targets, 0, 1);
        }

        /** The fit as the layer's parameters in the graph's layout. */
        Map<String, float[]> graphValues(LeastSquares.Fit fit) {
            float[] w = new float[features() * outputs];
            for (int f = 0; f < features(); f++) {
                for (int o = 0; o < outputs; o++) {
                    float v = (float) fit.weights()[f * outputs + o];
                    if (convolution) {
                        w[o * features() + f] = v;
                    } else {
                        w[f * outputs + o] = v;
                    }
                }
            }
            Map<String, float[]> values = new LinkedHashMap<>();
            values.put("W", w);
            if (bias) {
                float[] b = new float[outputs];
                for (int o = 0; o < outputs; o++) {
                    b[o] = (float) fit.intercepts()[o];
                }
                values.put("b", b);
            }
            return values;
        }
    }
}
