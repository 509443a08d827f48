package dev.shears.engine;

import dev.shears.data.Examples;
import dev.shears.model.TensorShape;
import java.util.Arrays;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Inference with DL4J itself: runs every DL4J (and Keras-imported) network, and is the reference. */
public final class Dl4jEngine implements InferenceEngine {
    public static final String NAME = "DL4J";
    private final Model network;

    public Dl4jEngine(Model network) {
        this.network = network;
    }

    @Override
    public String displayName() {
        return NAME;
    }

    @Override
    public Outputs run(Examples batch) {
        INDArray out = output(Dl4jBatches.features(batch));
        long[] shape = out.shape();
        TensorShape example = TensorShape.of(Arrays.copyOfRange(shape, 1, shape.length));
        return new Outputs(out.castTo(DataType.FLOAT).dup('c').data().asFloat(), batch.count(), example);
    }

    private INDArray output(INDArray features) {
        if (network instanceof MultiLayerNetwork mln) {
            return mln.output(features, false);
        }
        if (network instanceof ComputationGraph graph) {
            return graph.outputSingle(false, features);
        }
        throw new IllegalArgumentException("unsupported network type " + network.getClass().getSimpleName());
    }

    @Override
    public void close() {
        // the network belongs to the caller; DL4J frees its arrays with the network
    }
}
