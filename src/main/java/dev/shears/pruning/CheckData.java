package dev.shears.pruning;

import dev.shears.io.FashionMnist;
import dev.shears.model.NetworkGraph;
import dev.shears.model.TensorShape;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The examples a pruning run measures on (Taylor: labelled batches) and checks on (equivalence),
 * shaped for the network's input. Real Fashion-MNIST validation images when the network takes
 * 28×28 grey images (flat or [1, 28, 28]); otherwise a few seeded Gaussian inputs of the network's
 * input shape, which prove equivalence as well but cannot rank channels by their effect on a loss.
 */
record CheckData(INDArray features, List<DataSet> labelledBatches, String description) {
    static final int CHECK_EXAMPLES = 256;
    /**
     * Taylor: the same 256 images in batches of 64 — backprop of the BN CNN runs at ~200 img/s on 2
     * idle cores (far less under load), and 256 images already rank channels stably.
     */
    static final int TAYLOR_EXAMPLES = 256;
    static final int TAYLOR_BATCH = 64;
    /** ImageNet-sized inputs are heavy on 2 cores; two examples already expose a wrong slice. */
    static final int RANDOM_EXAMPLES = 2;
    private static final TensorShape FLAT_IMAGE = TensorShape.of(FashionMnist.SIDE * FashionMnist.SIDE);
    private static final TensorShape IMAGE = TensorShape.of(1, FashionMnist.SIDE, FashionMnist.SIDE);

    CheckData {
        labelledBatches = List.copyOf(labelledBatches);
    }

    static CheckData forNetwork(NetworkGraph graph, Optional<FashionMnist> validation) {
        TensorShape input = graph.nodes().get(0).outputShape();
        boolean takesImages = input.equals(FLAT_IMAGE) || input.equals(IMAGE);
        if (takesImages && validation.isPresent()) {
            FashionMnist data = validation.get();
            boolean classifies = graph.node(graph.outputs().get(0))
                    .map(n -> n.outputShape().equals(TensorShape.of(FashionMnist.CLASSES))).orElse(false);
            List<DataSet> batches = new ArrayList<>();
            for (int from = 0; classifies && from < TAYLOR_EXAMPLES; from += TAYLOR_BATCH) {
                DataSet batch = data.batch(from, from + TAYLOR_BATCH);
                batches.add(new DataSet(shaped(batch.getFeatures(), input), batch.getLabels()));
            }
            return new CheckData(shaped(data.batch(0, CHECK_EXAMPLES).getFeatures(), input), batches,
                    CHECK_EXAMPLES + " Fashion-MNIST validation images");
        }
        if (!input.isKnown()) {
            throw new IllegalArgumentException("the network's input size is unknown: nothing to check it on");
        }
        return new CheckData(gaussian(input), List.of(), RANDOM_EXAMPLES + " random inputs of shape " + input
                + (takesImages ? " (Fashion-MNIST not found)" : " (the network does not take 28×28 images)"));
    }

    private static INDArray shaped(INDArray flat, TensorShape input) {
        return input.rank() == 1 ? flat : flat.reshape('c', flat.size(0), 1, FashionMnist.SIDE, FashionMnist.SIDE);
    }

    private static INDArray gaussian(TensorShape input) {
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
