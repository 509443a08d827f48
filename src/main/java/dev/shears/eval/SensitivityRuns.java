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
import dev.shears.onnx.ReaderMaskCut;
import dev.shears.task.Cancellation;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scan's ONNX Runtime runs: the scan's examples in {@link Evaluator}'s fixed shuffled order, in
 * small batches decoded once, through a whole model or through a {@link ReaderMaskCut} with one mask
 * per plan; accuracy and loss tallied per example as {@link Evaluator} does. A model whose input
 * has a fixed batch size (PyTorch exports 1 by default) is run in batches of that size, the last
 * one padded with zeros.
 */
final class SensitivityRuns {
    /**
     * Examples per run. Small batches keep every intermediate tensor in cache and the session's
     * memory small: on the 2-core build machine batches of 50 ran bn-cnn 2–3× faster per image than
     * batches of 250, and batches of 500 spent their first two runs (≈ 0.9 s each) filling fresh
     * arena memory — once per session, and the scan opens two sessions per group.
     */
    static final int BATCH = 50;
    /** Decoded batches are kept across groups up to this many input values (256 MB). */
    private static final long CACHED_VALUES = 64L << 20;
    private static final Logger LOG = LoggerFactory.getLogger(SensitivityRuns.class);

    private final DataSource data;
    private final int[] order;
    private final int batch;
    private final boolean fixedBatch;
    private final Examples[] batches;
    private final boolean cacheBatches;
    private final String inputName;
    private final long[] inputExampleDims;

    /**
     * @param model the model (or one like it: same input) the runs are for
     * @throws IllegalArgumentException when the model has more than one data input
     */
    SensitivityRuns(ModelProto model, DataSource data) {
        this.data = data;
        List<ValueInfoProto> inputs = dataInputs(model);
        if (inputs.size() != 1) {
            throw new IllegalArgumentException("the scan runs models with one input, not " + inputs.size());
        }
        this.inputName = inputs.get(0).getName();
        List<TensorShapeProto.Dimension> dims = inputs.get(0).getType().getTensorType().getShape().getDimList();
        long declaredBatch = dims.isEmpty() || !dims.get(0).hasDimValue() ? 0 : dims.get(0).getDimValue();
        this.fixedBatch = declaredBatch > 0;
        this.batch = fixedBatch ? Math.toIntExact(declaredBatch) : BATCH;
        this.inputExampleDims = dims.stream().skip(1).mapToLong(d -> d.hasDimValue() ? d.getDimValue() : -1)
                .toArray();
        this.order = Evaluator.shuffledOrder(data.size());
        this.batches = new Examples[(data.size() + batch - 1) / batch];
        this.cacheBatches = (long) data.size() * data.exampleShape().elements() <= CACHED_VALUES;
    }

    /** A whole model's accuracy and loss on the scan's examples. */
    AccuracyEstimate whole(ModelProto model, Cancellation cancellation) throws OrtException, DataException {
        long start = System.nanoTime();
        SensitivityTally tally = new SensitivityTally(data.name());
        try (Session session = new Session(model)) {
            for (int b = 0; b < batches.length; b++) {
                cancellation.throwIfCancelled();
                Examples examples = batch(b);
                try (OnnxTensor input = input(examples);
                     OrtSession.Result result = session.session.run(Map.of(inputName, input))) {
                    tally.add(examples, scores(result), rows(input));
                }
            }
        }
        return tally.estimate(data.size(), (System.nanoTime() - start) / 1e9, OrtEngine.NAME);
    }

    /**
     * One estimate per mask: per batch the cut's prefix runs once, then its suffix once per mask.
     *
     * @param masks per plan, per site of the cut: the site's mask values
     */
    List<AccuracyEstimate> masked(ReaderMaskCut cut, List<float[][]> masks, Cancellation cancellation)
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
                Examples examples = batch(b);
                try (OnnxTensor input = input(examples);
                     OrtSession.Result upstream = prefix == null ? null
                             : prefix.session.run(Map.of(inputName, input))) {
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
                            tallies.get(p).add(examples, scores(result), rows(input));
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

    private Examples batch(int b) throws DataException {
        if (batches[b] != null) {
            return batches[b];
        }
        int from = b * batch;
        Examples examples = data.read(Arrays.copyOfRange(order, from, Math.min(order.length, from + batch)));
        if (cacheBatches) {
            batches[b] = examples;
        }
        return examples;
    }

    /**
     * The batch as the model's input: in the model's example dims when the element counts agree (as
     * {@link OrtEngine} feeds it), padded with zeros to a fixed batch size.
     */
    private OnnxTensor input(Examples examples) throws OrtException {
        long elements = Arrays.stream(inputExampleDims).reduce(1, (a, b) -> a * b);
        boolean modelDims = Arrays.stream(inputExampleDims).noneMatch(d -> d < 0)
                && elements == examples.exampleShape().elements();
        long[] shape = modelDims ? new long[inputExampleDims.length + 1] : examples.batchShape();
        if (modelDims) {
            System.arraycopy(inputExampleDims, 0, shape, 1, inputExampleDims.length);
        }
        float[] values = examples.features();
        shape[0] = fixedBatch ? batch : examples.count();
        if (fixedBatch && examples.count() < batch) {
            values = Arrays.copyOf(values, Math.toIntExact(batch * examples.exampleShape().elements()));
        }
        return OnnxTensor.createTensor(OrtEnvironments.shared(), FloatBuffer.wrap(values), shape);
    }

    private static int rows(OnnxTensor input) {
        return Math.toIntExact(input.getInfo().getShape()[0]);
    }

    private static float[] scores(OrtSession.Result result) {
        FloatBuffer buffer = ((OnnxTensor) result.get(0)).getFloatBuffer();
        float[] scores = new float[buffer.remaining()];
        buffer.get(scores);
        return scores;
    }

    private static List<ValueInfoProto> dataInputs(ModelProto model) {
        Set<String> initializers = new HashSet<>();
        model.getGraph().getInitializerList().forEach(t -> initializers.add(t.getName()));
        return model.getGraph().getInputList().stream().filter(i -> !initializers.contains(i.getName())).toList();
    }

    /** A session on every core whose idle workers sleep instead of spinning, closed with its options. */
    private static final class Session implements AutoCloseable {
        final OrtSession.SessionOptions options;
        final OrtSession session;

        Session(ModelProto model) throws OrtException {
            options = new OrtSession.SessionOptions();
            try {
                options.setIntraOpNumThreads(Runtime.getRuntime().availableProcessors());
                options.setInterOpNumThreads(1);
                options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
                // spinning workers starve each other on a busy machine: 2 spinning threads ran 2× slower than 1,
                // 2 sleeping ones 2× faster (decision 0015)
                options.addConfigEntry("session.intra_op.allow_spinning", "0");
                session = OrtEnvironments.shared().createSession(model.toByteArray(), options);
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
