package dev.shears.pruning;

import dev.shears.io.FashionMnist;
import dev.shears.model.NetworkGraph;
import dev.shears.model.TensorShape;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Inputs to compare two networks on: Fashion-MNIST images shaped for the network's input (flat or
 * [1, 28, 28]), or, for other inputs, a few seeded Gaussian examples of the input shape — which prove
 * two networks equal as well, but say nothing about accuracy. Used by pruning's equivalence check and
 * the export's reload check.
 */
public final class CheckInputs {
    /** ImageNet-sized inputs are heavy on 2 cores; two examples already expose a wrong slice. */
    public static final int RANDOM_EXAMPLES = 2;
    private static final TensorShape FLAT_IMAGE = TensorShape.of(FashionMnist.SIDE * FashionMnist.SIDE);
    private static final TensorShape IMAGE = TensorShape.of(1, FashionMnist.SIDE, FashionMnist.SIDE);
    /** Keras takes images channels last; with one channel the values are in the same order. */
    private static final TensorShape IMAGE_CHANNELS_LAST = TensorShape.of(FashionMnist.SIDE, FashionMnist.SIDE, 1);

    private CheckInputs() {
    }

    public static TensorShape input(NetworkGraph graph) {
        return graph.nodes().get(0).outputShape();
    }

    /** Whether the network takes 28×28 grey images, flat, as [1, 28, 28] or as [28, 28, 1]. */
    public static boolean takesImages(NetworkGraph graph) {
        TensorShape input = input(graph);
        return input.equals(FLAT_IMAGE) || input.equals(IMAGE) || input.equals(IMAGE_CHANNELS_LAST);
    }

    /** Flat [n, 784] image features reshaped for the network's input. */
    public static INDArray shaped(INDArray flat, NetworkGraph graph) {
        TensorShape input = input(graph);
        if (input.rank() == 1) {
            return flat;
        }
        long[] shape = new long[input.rank() + 1];
        shape[0] = flat.size(0);
        System.arraycopy(input.dims(), 0, shape, 1, input.rank());
        return flat.reshape('c', shape);
    }

    /** {@link #RANDOM_EXAMPLES} seeded Gaussian examples of the network's input shape. */
    public static INDArray gaussian(NetworkGraph graph) {
        TensorShape input = input(graph);
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
        return Nd4j.create(values, shape, DataType.FLOAT);
    }
}
