package dev.shears.eval;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.shears.data.DataException;
import dev.shears.data.DataSource;
import dev.shears.data.Examples;
import dev.shears.engine.OrtEngine;
import dev.shears.engine.OrtEnvironments;
import dev.shears.model.ChannelGroup;
import dev.shears.model.LayerNode;
import dev.shears.model.NetworkGraph;
import dev.shears.model.ParamSlice;
import dev.shears.model.ParamTensor;
import dev.shears.model.SliceRole;
import dev.shears.onnx.OnnxPruningException;
import dev.shears.onnx.ReaderMaskCut;
import dev.shears.pruning.GroupPlan;
import dev.shears.pruning.PruningPlan;
import dev.shears.task.Cancellation;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fast way: one ONNX model for the whole scan, never rewritten per plan. For each group the
 * model is cut at the group's readers ({@link ReaderMaskCut}): per batch the part upstream of the
 * readers runs once, and the rest runs once per plan with the plan's channel mask as an input — in
 * two warm ONNX Runtime sessions per group, on batches decoded once. Masking the readers' inputs
 * computes what surgery computes; {@code SensitivityScanOnOrtTest} checks it against the DL4J scan.
 *
 * <p>A group the cut cannot handle (a reader whose weight is not a plain initializer, a grouped
 * Conv reading the channels, …) is measured by {@code fallback}, plan by plan.
 */
final class SensitivityMaskedPoints implements SensitivityPoints {
    /** Where the model keeps a layer's parameter: its initializer (or Constant output), if Shears knows it. */
    @FunctionalInterface
    interface ParamTensors {
        Optional<String> tensor(String layer, String key);
    }

    private static final Logger LOG = LoggerFactory.getLogger(SensitivityMaskedPoints.class);
    /** Decoded batches are kept across groups up to this many input values (256 MB). */
    private static final long CACHED_VALUES = 64L << 20;

    private final ModelProto model;
    private final NetworkGraph graph;
    private final ParamTensors params;
    private final DataSource data;
    private final SensitivityPoints fallback;
    private final int[] order;
    private final Examples[] batches;
    private final boolean cacheBatches;
    private final String inputName;
    private final long[] inputExampleDims;

    /**
     * @param model the self-contained ONNX model that computes what the network computes
     * @throws IllegalArgumentException when the model has more than one data input
     */
    SensitivityMaskedPoints(ModelProto model, NetworkGraph graph, ParamTensors params, DataSource data,
                            SensitivityPoints fallback) {
        this.model = model;
        this.graph = graph;
        this.params = params;
        this.data = data;
        this.fallback = fallback;
        this.order = Evaluator.shuffledOrder(data.size());
        this.batches = new Examples[(data.size() + Evaluator.DEFAULT_BATCH - 1) / Evaluator.DEFAULT_BATCH];
        this.cacheBatches = (long) data.size() * data.exampleShape().elements() <= CACHED_VALUES;
        List<ValueInfoProto> inputs = dataInputs(model);
        if (inputs.size() != 1) {
            throw new IllegalArgumentException("the masked scan runs models with one input, not " + inputs.size());
        }
        this.inputName = inputs.get(0).getName();
        List<TensorShapeProto.Dimension> dims = inputs.get(0).getType().getTensorType().getShape().getDimList();
        this.inputExampleDims = dims.stream().skip(1).mapToLong(d -> d.hasDimValue() ? d.getDimValue() : -1)
                .toArray();
    }

    @Override
    public String engine() {
        return OrtEngine.NAME;
    }

    /** The unpruned model as {@code eval} runs it: one session, every batch. */
    @Override
    public AccuracyEstimate baseline(Cancellation cancellation) throws DataException {
        try (OrtEngine engine = new OrtEngine(model.toByteArray())) {
            return Evaluator.evaluate(engine, data, Evaluator.DEFAULT_BATCH, e -> { }, cancellation);
        } catch (OrtException e) {
            throw new DataException("ONNX Runtime could not load the model: " + e.getMessage(), e);
        }
    }

    @Override
    public void measure(ChannelGroup group, List<PruningPlan> plans, Cancellation cancellation, Measured measured)
            throws DataException {
        Optional<Sites> sites = sites(group);
        ReaderMaskCut cut = null;
        if (sites.isPresent()) {
            try {
                cut = ReaderMaskCut.of(model, sites.get().sites());
            } catch (OnnxPruningException e) {
                LOG.info("measuring {} plan by plan: {}", group.name(), e.getMessage());
            }
        } else {
            LOG.info("measuring {} plan by plan: a layer reading its channels has no known weight tensor",
                    group.name());
        }
        if (cut == null) {
            fallback.measure(group, plans, cancellation, measured);
            return;
        }
        List<AccuracyEstimate> estimates;
        try {
            estimates = run(cut, masks(sites.get(), group, plans), cancellation);
        } catch (OrtException e) {
            LOG.warn("measuring {} plan by plan: ONNX Runtime could not run its cut model", group.name(), e);
            fallback.measure(group, plans, cancellation, measured);
            return;
        }
        for (int i = 0; i < estimates.size(); i++) {
            measured.accept(i, estimates.get(i));
        }
    }

    /** Every plan's estimate: per batch the prefix once, then the suffix once per plan. */
    private List<AccuracyEstimate> run(ReaderMaskCut cut, List<float[][]> masks, Cancellation cancellation)
            throws OrtException, DataException {
        long start = System.nanoTime();
        OrtEnvironment env = OrtEnvironments.shared();
        List<SensitivityTally> tallies = new ArrayList<>();
        masks.forEach(m -> tallies.add(new SensitivityTally(data.name())));
        List<List<OnnxTensor>> maskTensors = new ArrayList<>();
        Session prefix = null;
        Session suffix = null;
        try {
            for (float[][] plan : masks) {
                List<OnnxTensor> tensors = new ArrayList<>();
                maskTensors.add(tensors);
                for (int s = 0; s < plan.length; s++) {
                    tensors.add(OnnxTensor.createTensor(env, FloatBuffer.wrap(plan[s]), cut.maskShape(s)));
                }
            }
            Optional<ModelProto> prefixModel = cut.prefix();
            if (prefixModel.isPresent()) {
                prefix = new Session(prefixModel.get());
            }
            for (int b = 0; b < batches.length; b++) {
                cancellation.throwIfCancelled();
                Examples batch = batch(b);
                try (OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(batch.features()),
                        inputShape(batch));
                     OrtSession.Result upstream = prefix == null ? null : prefix.session.run(Map.of(inputName,
                             input))) {
                    Map<String, OnnxTensor> feed = new LinkedHashMap<>();
                    for (String t : cut.frontier()) {
                        OnnxValue value = upstream.get(t).orElseThrow();
                        feed.put(t, (OnnxTensor) value);
                    }
                    for (String t : cut.directInputs()) {
                        feed.put(t, input);
                    }
                    if (suffix == null) {
                        Map<String, long[]> shapes = new HashMap<>();
                        for (String t : cut.frontier()) {
                            shapes.put(t, feed.get(t).getInfo().getShape());
                        }
                        suffix = new Session(cut.suffix(shapes));
                    }
                    for (int p = 0; p < masks.size(); p++) {
                        for (int s = 0; s < cut.sites().size(); s++) {
                            feed.put(cut.maskInput(s), maskTensors.get(p).get(s));
                        }
                        try (OrtSession.Result result = suffix.session.run(feed)) {
                            FloatBuffer buffer = ((OnnxTensor) result.get(0)).getFloatBuffer();
                            float[] scores = new float[buffer.remaining()];
                            buffer.get(scores);
                            tallies.get(p).add(batch, scores, scores.length / batch.count());
                        }
                    }
                }
            }
        } finally {
            if (suffix != null) {
                suffix.close();
            }
            if (prefix != null) {
                prefix.close();
            }
            maskTensors.forEach(list -> list.forEach(OnnxTensor::close));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return tallies.stream().map(t -> t.estimate(data.size(), seconds, OrtEngine.NAME)).toList();
    }

    /** The group's readers: one site per reading weight, with the slices that say which of its inputs a channel is. */
    private record Sites(List<ReaderMaskCut.Site> sites, List<List<ParamSlice>> slices) {
    }

    private Optional<Sites> sites(ChannelGroup group) {
        Map<String, List<ParamSlice>> byWeight = new LinkedHashMap<>();
        Map<String, Integer> widths = new HashMap<>();
        for (ParamSlice s : group.params()) {
            if (s.role() != SliceRole.INPUT) {
                continue;
            }
            Optional<String> tensor = params.tensor(s.layer(), s.param());
            Optional<long[]> shape = graph.node(s.layer()).flatMap(n -> shape(n, s.param()));
            if (tensor.isEmpty() || shape.isEmpty()) {
                return Optional.empty();
            }
            byWeight.computeIfAbsent(tensor.get(), t -> new ArrayList<>()).add(s);
            widths.put(tensor.get(), Math.toIntExact(shape.get()[s.axis()]));
        }
        if (byWeight.isEmpty()) {
            return Optional.empty();
        }
        List<ReaderMaskCut.Site> sites = new ArrayList<>();
        byWeight.keySet().forEach(t -> sites.add(new ReaderMaskCut.Site(t, widths.get(t))));
        return Optional.of(new Sites(sites, List.copyOf(byWeight.values())));
    }

    private static Optional<long[]> shape(LayerNode node, String key) {
        return node.params().stream().filter(p -> p.key().equals(key)).findFirst().map(ParamTensor::shape)
                .map(s -> s.dims());
    }

    /** Per plan, per site: 1 for every input the reader keeps, 0 for every input of a removed channel. */
    private static List<float[][]> masks(Sites sites, ChannelGroup group, List<PruningPlan> plans) {
        List<float[][]> masks = new ArrayList<>();
        for (PruningPlan plan : plans) {
            List<Integer> removed = plan.group(group.name()).map(GroupPlan::removed).orElseThrow();
            float[][] perSite = new float[sites.sites().size()][];
            for (int s = 0; s < perSite.length; s++) {
                float[] mask = new float[sites.sites().get(s).width()];
                Arrays.fill(mask, 1f);
                for (ParamSlice slice : sites.slices().get(s)) {
                    for (int c : removed) {
                        for (long r = 0; r < slice.repeats(); r++) {
                            long from = slice.start(c, r);
                            Arrays.fill(mask, Math.toIntExact(from), Math.toIntExact(from + slice.block()), 0f);
                        }
                    }
                }
                perSite[s] = mask;
            }
            masks.add(perSite);
        }
        return masks;
    }

    private Examples batch(int b) throws DataException {
        if (batches[b] != null) {
            return batches[b];
        }
        int from = b * Evaluator.DEFAULT_BATCH;
        Examples batch = data.read(Arrays.copyOfRange(order, from, Math.min(order.length,
                from + Evaluator.DEFAULT_BATCH)));
        if (cacheBatches) {
            batches[b] = batch;
        }
        return batch;
    }

    /** As {@link OrtEngine} feeds it: the model's example dims when the element counts agree, else the batch's own. */
    private long[] inputShape(Examples batch) {
        long elements = Arrays.stream(inputExampleDims).reduce(1, (a, b) -> a * b);
        if (Arrays.stream(inputExampleDims).anyMatch(d -> d < 0) || elements != batch.exampleShape().elements()) {
            return batch.batchShape();
        }
        long[] shape = new long[inputExampleDims.length + 1];
        shape[0] = batch.count();
        System.arraycopy(inputExampleDims, 0, shape, 1, inputExampleDims.length);
        return shape;
    }

    private static List<ValueInfoProto> dataInputs(ModelProto model) {
        java.util.Set<String> initializers = new java.util.HashSet<>();
        model.getGraph().getInitializerList().forEach(t -> initializers.add(t.getName()));
        return model.getGraph().getInputList().stream().filter(i -> !initializers.contains(i.getName())).toList();
    }

    @Override
    public void close() {
        fallback.close();
    }

    /** A session on every core, as {@link OrtEngine} opens one, closed with its options. */
    private static final class Session implements AutoCloseable {
        final OrtSession.SessionOptions options;
        final OrtSession session;

        Session(ModelProto part) throws OrtException {
            options = new OrtSession.SessionOptions();
            try {
                options.setIntraOpNumThreads(Runtime.getRuntime().availableProcessors());
                options.setInterOpNumThreads(1);
                options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
                session = OrtEnvironments.shared().createSession(part.toByteArray(), options);
            } catch (OrtException | RuntimeException e) {
                options.close();
                throw e;
            }
        }

        @Override
        public void close() {
            try {
                session.close();
            } catch (OrtException e) {
                LOG.warn("could not close an ONNX Runtime session", e);
            } finally {
                options.close();
            }
        }
    }
}
