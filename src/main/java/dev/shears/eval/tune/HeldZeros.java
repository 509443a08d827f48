package dev.shears.eval.tune;

import dev.shears.pruning.plan.TensorMask;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Keeps the weights unstructured pruning zeroed at zero while a network trains. Adam's momentum
 * (and L2) would otherwise grow them back within a few steps. Built once per network as a 0/1
 * vector over DL4J's flattened parameter buffer, so holding costs one element-wise multiply per
 * batch. The mask vector is laid out by DL4J itself: the network's parameters are set to 1, the
 * masked values zeroed through the per-layer views (which know each tensor's order — Dense W is
 * 'f' in the buffer, masks are C order), the buffer copied and the parameters restored.
 */
final class HeldZeros {
    private final Model network;
    private final INDArray keep;

    private HeldZeros(Model network, INDArray keep) {
        this.network = network;
        this.keep = keep;
    }

    /** @return a holder for {@code network}, or none when no mask prunes anything */
    static Optional<HeldZeros> of(Model network, List<TensorMask> masks) {
        if (masks.stream().allMatch(m -> m.prunedCount() == 0)) {
            return Optional.empty();
        }
        INDArray params = network.params();
        INDArray saved = params.dup();
        try {
            params.assign(1);
            for (TensorMask mask : masks) {
                if (mask.prunedCount() == 0) {
                    continue;
                }
                INDArray view = param(network, mask.layer(), mask.param());
                if (view.length() != mask.size()) {
                    throw new IllegalArgumentException("mask of " + mask.layer() + "/" + mask.param() + " has "
                            + mask.size() + " values, the network's tensor " + view.length());
                }
                float[] ones = new float[Math.toIntExact(mask.size())];
                Arrays.fill(ones, 1f);
                for (int i : mask.prunedIndices()) {
                    ones[i] = 0f;
                }
                view.assign(Nd4j.create(ones, view.shape(), 'c').castTo(view.dataType()));
            }
            return Optional.of(new HeldZeros(network, params.dup()));
        } finally {
            params.assign(saved);
        }
    }

    /** Sets every masked weight of the network back to exactly zero. */
    void apply() {
        network.params().muli(keep);
    }

    private static INDArray param(Model network, String layerName, String key) {
        Layer layer = network instanceof MultiLayerNetwork mln ? mln.getLayer(layerName)
                : network instanceof ComputationGraph cg ? cg.getLayer(layerName) : null;
        if (layer == null) {
            throw new IllegalArgumentException("the network has no layer " + layerName);
        }
        INDArray p = layer.getParam(key);
        if (p == null) {
            throw new IllegalArgumentException("layer " + layerName + " has no parameter " + key);
        }
        return p;
    }
}
