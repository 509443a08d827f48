package dev.shears.io;

import dev.shears.model.LayerNode;
import dev.shears.model.NetworkGraph;
import dev.shears.model.ParamTensor;
import dev.shears.model.TensorStats;
import java.util.Optional;

/**
 * Weights that are NaN or infinite: a damaged file or a diverged training run. No criterion can rank
 * them and no equivalence can be proven with them, so every format refuses them when it opens.
 */
final class NonFiniteWeights {
    private NonFiniteWeights() {
    }

    static String sentence(long count) {
        return "its weights hold " + count + " value" + (count == 1 ? "" : "s") + " that " + (count == 1 ? "is" : "are")
                + " not a finite number (NaN or infinity): the file is damaged or the training diverged";
    }

    /** The first tensor of the graph whose statistics are not finite, in words. */
    static Optional<String> in(NetworkGraph graph) {
        for (LayerNode node : graph.nodes()) {
            for (ParamTensor p : node.params()) {
                TensorStats s = p.stats();
                if (s.count() > 0 && !(Double.isFinite(s.min()) && Double.isFinite(s.max())
                        && Double.isFinite(s.mean()))) {
                    return Optional.of("the weights " + p.key() + " of layer " + node.name() + " hold values that are"
                            + " not finite numbers (NaN or infinity): the file is damaged or the training diverged");
                }
            }
        }
        return Optional.empty();
    }
}
