package dev.shears.engine;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.shears.data.Examples;
import dev.shears.model.TensorShape;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Inference with ONNX Runtime on the CPU, from ONNX model bytes. The session's first input and
 * output are used; the batch axis is the first. Closing the engine closes the session, its options
 * and any overriding initializers (ONNX Runtime reads those for as long as the session lives); the
 * environment is process-wide ({@link OrtEnvironments}) and ONNX Runtime frees it at exit.
 */
public final class OrtEngine implements InferenceEngine {
    public static final String NAME = "ONNX Runtime";

    private final OrtSession.SessionOptions options;
    private final List<OnnxTensor> initializers;
    private final OrtSession session;
    private final String inputName;
    private final long[] inputExampleDims;
    /** The batch size the model declares for its input, or 0 when the batch axis is free. */
    private final int fixedBatch;

    /** A session using every available core. */
    public OrtEngine(byte[] model) throws OrtException {
        this(model, Runtime.getRuntime().availableProcessors(), Map.of());
    }

    public OrtEngine(byte[] model, int intraOpThreads) throws OrtException {
        this(model, intraOpThreads, Map.of());
    }

    /**
     * A session in which the named initializers hold other values (same shapes) — e.g. weights with
     * an unstructured mask applied — without converting the network again.
     */
    public OrtEngine(byte[] model, int intraOpThreads, Map<String, InitializerValues> overrides)
            throws OrtException {
        if (intraOpThreads < 1) {
            throw new IllegalArgumentException("intra-op threads must be at least 1, got " + intraOpThreads);
        }
        OrtEnvironment env = OrtEnvironments.shared();
        options = new OrtSession.SessionOptions();
        initializers = new ArrayList<>();
        OrtSession opened = null;
        try {
            options.setIntraOpNumThreads(intraOpThreads);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            if (!overrides.isEmpty()) {
                // the layout optimisations (ALL) copy conv weights into blocked initializers at load,
                // before overrides apply: the session would silently keep the model's weights
                options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.EXTENDED_OPT);
            }
            for (Map.Entry<String, InitializerValues> e : overrides.entrySet()) {
                OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(e.getValue().values()),
                        e.getValue().shape());
                initializers.add(tensor);
                options.addInitializer(e.getKey(), tensor);
            }
            opened = env.createSession(model, options);
            inputName = opened.getInputNames().iterator().next();
            long[] shape = ((TensorInfo) opened.getInputInfo().get(inputName).getInfo()).getShape();
            inputExampleDims = Arrays.copyOfRange(shape, 1, shape.length);
            fixedBatch = shape.length > 0 && shape[0] > 0 ? Math.toIntExact(shape[0]) : 0;
            session = opened;
        } catch (OrtException | RuntimeException e) {
            closeAll(opened);
            throw e;
        }
    }

    /** Values for one overridden initializer: row-major, with the initializer's shape. */
    public record InitializerValues(float[] values, long[] shape) {
        public InitializerValues {
            long n = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
            if (n != values.length) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + n
                        + " values, got " + values.length);
            }
        }
    }

    @Override
    public String displayName() {
        return NAME;
    }

    public String inputName() {
        return inputName;
    }

    /**
     * Outputs of a batch. A model exported with a fixed batch size (PyTorch's default is 1) runs the
     * batch in chunks of that size, the last one padded with zeros.
     */
    @Override
    public Outputs run(Examples batch) {
        if (fixedBatch == 0 || fixedBatch == batch.count()) {
            return runWhole(batch);
        }
        int per = Math.toIntExact(batch.exampleShape().elements());
        float[] values = null;
        TensorShape outputShape = null;
        int outputWidth = 0;
        for (int from = 0; from < batch.count(); from += fixedBatch) {
            int n = Math.min(fixedBatch, batch.count() - from);
            float[] chunk = new float[fixedBatch * per];
            System.arraycopy(batch.features(), from * per, chunk, 0, n * per);
            Outputs out = runWhole(Examples.unlabelled(chunk, fixedBatch, batch.exampleShape()));
            if (values == null) {
                outputShape = out.exampleShape();
                outputWidth = Math.toIntExact(outputShape.elements());
                values = new float[batch.count() * outputWidth];
            }
            System.arraycopy(out.values(), 0, values, from * outputWidth, n * outputWidth);
        }
        return new Outputs(values, batch.count(), outputShape);
    }

    private Outputs runWhole(Examples batch) {
        OrtEnvironment env = OrtEnvironments.shared();
        try (OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(batch.features()), inputShape(batch));
             OrtSession.Result result = session.run(Map.of(inputName, input))) {
            OnnxTensor output = (OnnxTensor) result.get(0);
            long[] shape = output.getInfo().getShape();
            FloatBuffer buffer = output.getFloatBuffer();
            float[] values = new float[buffer.remaining()];
            buffer.get(values);
            return new Outputs(values, batch.count(), TensorShape.of(Arrays.copyOfRange(shape, 1, shape.length)));
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed on a batch of " + batch.count() + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * [count, model's example dims]: examples of the same size in another layout (flat 784 for a
     * [1, 28, 28] input) are read in row-major order, as DL4J's preprocessors read them.
     */
    private long[] inputShape(Examples batch) {
        long modelElements = Arrays.stream(inputExampleDims).reduce(1, (a, b) -> a * b);
        if (Arrays.stream(inputExampleDims).anyMatch(d -> d < 0) || modelElements != batch.exampleShape().elements()) {
            return batch.batchShape();
        }
        long[] shape = new long[inputExampleDims.length + 1];
        shape[0] = batch.count();
        System.arraycopy(inputExampleDims, 0, shape, 1, inputExampleDims.length);
        return shape;
    }

    @Override
    public void close() {
        closeAll(session);
    }

    private void closeAll(OrtSession opened) {
        try {
            if (opened != null) {
                opened.close();
            }
        } catch (OrtException e) {
            throw new IllegalStateException("could not close the ONNX Runtime session: " + e.getMessage(), e);
        } finally {
            options.close();
            initializers.forEach(OnnxTensor::close);
        }
    }
}
