package dev.shears.eval.tune;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * The same architecture with freshly initialised parameters, for training a pruned network from
 * scratch (Liu et al. 2019, "Rethinking the Value of Network Pruning"). DL4J initialises from the
 * network's own configuration — each layer's weight init, biases, BatchNorm γ = 1 and β = 0, the
 * configuration's seed — so the scheme is the one the original was built with, at the pruned shapes.
 * The updater starts empty.
 */
final class FreshStart {
    private FreshStart() {
    }

    static Model of(Model network) {
        if (network instanceof MultiLayerNetwork mln) {
            MultiLayerNetwork fresh = new MultiLayerNetwork(mln.getLayerWiseConfigurations().clone());
            fresh.init();
            return fresh;
        }
        if (network instanceof ComputationGraph graph) {
            ComputationGraph fresh = new ComputationGraph(
                    dev.shears.pruning.surgery.GraphCopies.configuration(graph.getConfiguration()));
            fresh.init();
            return fresh;
        }
        throw new IllegalArgumentException("unsupported network type " + network.getClass().getSimpleName());
    }
}
