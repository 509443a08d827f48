package dev.shears.export;

import dev.shears.io.FashionMnist;
import dev.shears.model.NetworkGraph;
import dev.shears.pruning.CheckInputs;
import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What the reload check runs both networks on: the first Fashion-MNIST validation images when the
 * network takes 28×28 grey images (flat or [1, 28, 28]), else seeded Gaussian inputs of its input
 * shape. Validation, not test: checks and choices stay off the split the report grades on.
 */
record ReloadInputs(INDArray features, String description) {
    static final int IMAGES = 64;

    static boolean takesImages(NetworkGraph graph) {
        return CheckInputs.takesImages(graph);
    }

    static ReloadInputs forNetwork(NetworkGraph graph, Optional<FashionMnist> validation) {
        if (takesImages(graph) && validation.isPresent()) {
            INDArray features = CheckInputs.shaped(validation.get().batch(0, IMAGES).getFeatures(), graph);
            return new ReloadInputs(features, IMAGES + " Fashion-MNIST validation images");
        }
        return new ReloadInputs(CheckInputs.gaussian(graph), CheckInputs.RANDOM_EXAMPLES
                + " seeded random inputs of shape " + CheckInputs.input(graph));
    }
}
