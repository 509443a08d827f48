package dev.shears.eval.tune;

import java.util.List;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Network Slimming's sparsity penalty (Liu et al. 2017): λ·Σ|γ| over every BatchNorm scale, added to
 * the loss by adding its subgradient λ·sign(γ) to γ's gradient at every step (sign(0) = 0).
 * <p>
 * A training listener because DL4J calls {@code onGradientCalculation} after back-propagation and
 * before the updater: the penalty then goes through the network's own updater (Adam, its schedule,
 * the batch-size division) exactly as DL4J's own L1 regularisation does, with no second training loop
 * beside {@code fit}. The back-propagated gradient is the SUM over the batch and DL4J divides it by
 * the batch size before updating, so the listener adds B·λ·sign(γ): the step then follows
 * mean loss + λ·Σ|γ|, the objective of the paper. DL4J's built-in L1 cannot be used: it applies to
 * β as well and would be saved in the model's configuration.
 */
final class SlimmingPenalty extends BaseTrainingListener {
    private final double lambda;
    private final List<BatchNormScales.Scale> scales;

    SlimmingPenalty(Model network, double lambda) {
        this.lambda = lambda;
        this.scales = BatchNormScales.of(network);
        if (scales.isEmpty()) {
            throw new IllegalArgumentException("Network Slimming penalises BatchNorm scales, and this network has"
                    + " no BatchNorm layer with a trainable scale");
        }
    }

    @Override
    public void onGradientCalculation(Model model) {
        Gradient gradient = model.gradient();
        int batch = model.batchSize();
        for (BatchNormScales.Scale s : scales) {
            INDArray g = gradient.getGradientFor(s.gradientKey());
            if (g == null) {
                throw new IllegalStateException("no gradient for " + s.gradientKey());
            }
            g.addi(Transforms.sign(s.gamma(), true).muli(lambda * batch).castTo(g.dataType()).reshape(g.shape()));
        }
    }
}
