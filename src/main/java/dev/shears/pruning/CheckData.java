package dev.shears.pruning;

import dev.shears.io.FashionMnist;
import dev.shears.model.NetworkGraph;
import dev.shears.model.TensorShape;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

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

    CheckData {
        labelledBatches = List.copyOf(labelledBatches);
    }

    static CheckData forNetwork(NetworkGraph graph, Optional<FashionMnist> validation) {
        boolean takesImages = CheckInputs.takesImages(graph);
        if (takesImages && validation.isPresent()) {
            FashionMnist data = validation.get();
            boolean classifies = graph.node(graph.outputs().get(0))
                    .map(n -> n.outputShape().equals(TensorShape.of(FashionMnist.CLASSES))).orElse(false);
            List<DataSet> batches = new ArrayList<>();
            for (int from = 0; classifies && from < TAYLOR_EXAMPLES; from += TAYLOR_BATCH) {
                DataSet batch = data.batch(from, from + TAYLOR_BATCH);
                batches.add(new DataSet(CheckInputs.shaped(batch.getFeatures(), graph), batch.getLabels()));
            }
            return new CheckData(CheckInputs.shaped(data.batch(0, CHECK_EXAMPLES).getFeatures(), graph), batches,
                    CHECK_EXAMPLES + " Fashion-MNIST validation images");
        }
        INDArray random = CheckInputs.gaussian(graph);
        return new CheckData(random, List.of(), CheckInputs.RANDOM_EXAMPLES + " random inputs of shape "
                + CheckInputs.input(graph) + (takesImages ? " (Fashion-MNIST not found)"
                : " (the network does not take 28×28 images)"));
    }
}
