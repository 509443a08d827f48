package dev.shears.eval.tune;

import java.util.Optional;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * The student's output layer switched to {@link DistillationLoss} for a run and back afterwards, so
 * the network handed back (and saved) has its own loss function.
 */
final class DistilledOutput implements AutoCloseable {
    private final BaseOutputLayer layer;
    private final ILossFunction original;
    private final DistillationLoss loss;

    private DistilledOutput(BaseOutputLayer layer, DistillationLoss loss) {
        this.layer = layer;
        this.original = layer.getLossFn();
        this.loss = loss;
        layer.setLossFn(loss);
    }

    static DistilledOutput install(Model student, Distillation distillation) {
        BaseOutputLayer conf = softmaxOutput(student).orElseThrow(() -> new IllegalArgumentException(
                whyNot(student).orElse("no softmax output layer")));
        return new DistilledOutput(conf, new DistillationLoss(distillation));
    }

    /** Why a network cannot be distilled into (its single output is not a softmax output layer), or empty. */
    static Optional<String> whyNot(Model network) {
        return softmaxOutput(network).isPresent() ? Optional.empty() : Optional.of("distillation compares class"
                + " probabilities, and this network's output is not a single softmax output layer");
    }

    private static Optional<BaseOutputLayer> softmaxOutput(Model network) {
        Layer out;
        if (network instanceof MultiLayerNetwork mln) {
            out = mln.getOutputLayer();
        } else if (network instanceof ComputationGraph graph && graph.getNumOutputArrays() == 1) {
            out = graph.getOutputLayer(0);
        } else {
            return Optional.empty();
        }
        if (out != null && out.conf().getLayer() instanceof BaseOutputLayer conf
                && conf.getActivationFn() instanceof ActivationSoftmax) {
            return Optional.of(conf);
        }
        return Optional.empty();
    }

    DistillationLoss loss() {
        return loss;
    }

    @Override
    public void close() {
        layer.setLossFn(original);
    }
}
