package dev.shears.export;

import dev.shears.io.FashionMnist;
import dev.shears.model.NetworkGraph;
import dev.shears.model.TensorShape;
import java.util.Optional;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What the reload check runs both networks on: the first Fashion-MNIST validation images when the
 * network takes 28×28 grey images (flat or [1, 28, 28]), else seeded Gaussian inputs of its input
 * shape. Validation, not test: checks and choices stay off the split the report grades on.
 */
record ReloadInputs(INDArray features, String description) {
    static final int IMAGES = 64;
    static final int RANDOM_EXAMPLES = 2;
    private static final TensorShape FLAT_IMAGE = TensorShape.of(FashionMnist.SIDE * FashionMnist.SIDE);
    private static final TensorShape IMAGE = TensorShape.of(1, FashionMnist.SIDE, FashionMnist.SIDE);

    static boolean takesImages(NetworkGraph graph) {
        TensorShape input = input(graph);
        return input.equals(FLAT_IMAGE) || input.equals(IMAGE);
    }

    static ReloadInputs forNetwork(NetworkGraph graph, Optional<FashionMnist> validation) {
        TensorShape input = input(graph);
        if (takesImages(graph) && validation.isPresent()) {
            INDArray flat = validation.get().batch(0, IMAGES).getFeatures();
            INDArray features = input.rank() == 1 ? flat
                    : flat.reshape('c', flat.size(0), 1, FashionMnist.SIDE, FashionMnist.SIDE);
            return new ReloadInputs(features, IMAGES + " Fashion-MNIST validation images");
        }
        if (!input.isKnown()) {
            throw new IllegalArgumentException("the network's input size is unknown: nothing to check it on");
        }
        long[] shape = new long[input.rank() + 1];
        shape[0] = RANDOM_EXAMPLES;
        System.arraycopy(input.dims(), 0, shape, 1, input.rank());
        Random random = new Random(20_240_601L);
        float[] values = new float[Math.toIntExact(RANDOM_EXAMPLES * input.elements())];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return new ReloadInputs(Nd4j.create(values, shape, DataType.FLOAT), RANDOM_EXAMPLES
                + " seeded random inputs of shape " + input);
    }

    private static TensorShape input(NetworkGraph graph) {
        return graph.nodes().get(0).outputShape();
    }
}
