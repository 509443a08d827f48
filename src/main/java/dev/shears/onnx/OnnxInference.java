package dev.shears.onnx;

import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Runs an {@link OnnxModel} in ONNX Runtime on a batch of float examples: the model's first graph
 * input in, its first graph output out. A model exported with a fixed batch size (PyTorch's default
 * is 1) is run in chunks of that size, the last one padded with zeros.
 */
public final class OnnxInference {
    /** Chunk size for models whose batch dimension is symbolic. */
    private static final int DYNAMIC_BATCH = 64;

    private OnnxInference() {
    }

    /**
     * The model's outputs for {@code count} examples laid out one after another in C order, each of
     * {@link #exampleShape(OnnxModel)}: one row of output values per example.
     */
    public static float[][] outputs(OnnxModel model, float[] inputs, int count) throws OrtException {
        long[] example = exampleShape(model);
        int perExample = Math.toIntExact(Arrays.stream(example).reduce(1, Math::multiplyExact));
        if ((long) perExample * count != inputs.length) {
            throw new IllegalArgumentException(count + " examples of " + Arrays.toString(example) + " need "
                    + (long) perExample * count + " values, got " + inputs.length);
        }
        long fixedBatch = declaredDims(input(model))[0];
        int chunk = fixedBatch > 0 ? Math.toIntExact(fixedBatch) : Math.min(count, DYNAMIC_BATCH);
        long[] batchShape = new long[example.length + 1];
        batchShape[0] = chunk;
        System.arraycopy(example, 0, batchShape, 1, example.length);
        float[][] outputs = new float[count][];
        OrtEnvironment env = dev.shears.engine.OrtEnvironments.shared();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            // the judge must not compete with the app for the machine's cores
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            try (OrtSession session = env.createSession(model.selfContained().toByteArray(), options)) {
                String inputName = input(model).getName();
                for (int from = 0; from < count; from += chunk) {
                    int n = Math.min(chunk, count - from);
                    float[] batch = new float[chunk * perExample];
                    System.arraycopy(inputs, from * perExample, batch, 0, n * perExample);
                    try (OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(batch), batchShape);
                         OrtSession.Result result = session.run(Map.of(inputName, tensor))) {
                        FloatBuffer values = ((OnnxTensor) result.get(0)).getFloatBuffer();
                        int perOutput = values.remaining() / chunk;
                        for (int i = 0; i < n; i++) {
                            outputs[from + i] = new float[perOutput];
                            values.get(i * perOutput, outputs[from + i]);
                        }
                    }
                }
            }
        }
        return outputs;
    }

    /** {@code count} examples of standard normal values from the seed, as {@link #outputs} takes them. */
    public static float[] gaussianInputs(OnnxModel model, int count, long seed) {
        long perExample = Arrays.stream(exampleShape(model)).reduce(1, Math::multiplyExact);
        Random random = new Random(seed);
        float[] values = new float[Math.toIntExact(perExample * count)];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }

    /** The shape of one example of the model's first input, without the batch axis. */
    public static long[] exampleShape(OnnxModel model) {
        long[] dims = declaredDims(input(model));
        long[] example = Arrays.copyOfRange(dims, 1, dims.length);
        if (example.length == 0 || Arrays.stream(example).anyMatch(d -> d <= 0)) {
            throw new IllegalArgumentException("The input " + input(model).getName() + " of "
                    + model.file().getFileName() + " has no fixed example shape, so Shears cannot run it.");
        }
        return example;
    }

    private static ValueInfoProto input(OnnxModel model) {
        List<ValueInfoProto> inputs = model.proto().getGraph().getInputList().stream()
                .filter(i -> !model.isConstant(i.getName())).toList();
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException(model.file().getFileName() + " has no input to run it on.");
        }
        return inputs.get(0);
    }

    /** Declared dimensions; 0 where a dimension is symbolic or missing. */
    private static long[] declaredDims(ValueInfoProto input) {
        List<TensorShapeProto.Dimension> dims = input.getType().getTensorType().getShape().getDimList();
        return dims.stream().mapToLong(d -> d.hasDimValue() ? d.getDimValue() : 0).toArray();
    }
}
