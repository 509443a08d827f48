package dev.shears.eval;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/** The few operations Shears needs from either kind of DL4J network, in one place. */
public final class Networks {
    private Networks() {
    }

    /** Inference output (softmax probabilities) for a batch of single-input examples. */
    public static INDArray output(Model network, INDArray features) {
        if (network instanceof MultiLayerNetwork mln) {
            return mln.output(features, false);
        }
        if (network instanceof ComputationGraph graph) {
            return graph.outputSingle(false, features);
        }
        throw unsupported(network);
    }

    public static void fit(Model network, DataSet batch) {
        if (network instanceof MultiLayerNetwork mln) {
            mln.fit(batch);
        } else if (network instanceof ComputationGraph graph) {
            graph.fit(batch);
        } else {
            throw unsupported(network);
        }
    }

    public static void setLearningRate(Model network, double learningRate) {
        if (network instanceof MultiLayerNetwork mln) {
            mln.setLearningRate(learningRate);
        } else if (network instanceof ComputationGraph graph) {
            graph.setLearningRate(learningRate);
        } else {
            throw unsupported(network);
        }
    }

    private static IllegalArgumentException unsupported(Model network) {
        return new IllegalArgumentException("unsupported network type " + network.getClass().getSimpleName());
    }
}
