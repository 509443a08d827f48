package dev.shears.pruning.surgery;

import dev.shears.model.LayerNode;
import dev.shears.model.NetworkGraph;
import dev.shears.model.ParamTensor;
import dev.shears.model.SliceRole;
import dev.shears.pruning.plan.PlanIndices;
import dev.shears.pruning.plan.PruningPlan;
import dev.shears.pruning.plan.TensorMask;
import dev.shears.pruning.plan.UnstructuredPlan;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Executes a plan by zeroing, not removing: returns a copy of the network, same shapes, in which the
 * removed channels contribute nothing downstream. Zeroed: the producers' weights and biases,
 * BatchNorm gamma and beta (so BN outputs exactly 0 whatever its running statistics — NNI's
 * "β leaks through" problem), and the readers' input weights (so an activation with f(0) ≠ 0, or a
 * BN without gamma/beta, still adds nothing). Running statistics stay: they no longer matter.
 * An {@link UnstructuredPlan} is executed the same way, weight by weight.
 */
public final class MaskApplier {
    private MaskApplier() {
    }

    public static Model apply(Model network, NetworkGraph graph, PruningPlan plan) {
        Model masked = NetworkLayers.copy(network);
        PlanIndices zeros = PlanIndices.of(plan.groups(), role -> role != SliceRole.STATISTIC);
        for (LayerNode node : graph.nodes()) {
            for (ParamTensor p : node.params()) {
                if (!zeros.removed(node.name(), p.key()).isEmpty()) {
                    zeros.zero(node.name(), p.key(), NetworkLayers.param(masked, node.name(), p.key()));
                }
            }
        }
        return masked;
    }

    /** Unstructured: a copy of the network, same shapes, with every masked weight set to zero. */
    public static Model apply(Model network, UnstructuredPlan plan) {
        Model masked = NetworkLayers.copy(network);
        for (TensorMask mask : plan.masks()) {
            if (mask.prunedCount() > 0) {
                INDArray view = NetworkLayers.param(masked, mask.layer(), mask.param());
                NetworkLayers.write(view, NetworkLayers.read(view).zeroedAt(mask.pruned()));
            }
        }
        return masked;
    }
}
