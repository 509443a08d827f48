package dev.shears.pruning.plan;

import java.util.List;
import java.util.Optional;

/**
 * What unstructured pruning will zero, computed without touching the network: one mask per weight
 * tensor it considered. Shapes never change, so the cost after counts only the surviving weights
 * (and their MACs) — a saving only sparse storage or sparse kernels can realise; DL4J has neither
 * (deeplearning4j issue 8366), so a masked DL4J network is as big and as slow as before.
 */
public record UnstructuredPlan(List<TensorMask> masks, NetworkCost before, NetworkCost after) implements Plan {
    public UnstructuredPlan {
        masks = List.copyOf(masks);
    }

    public Optional<TensorMask> mask(String layer, String param) {
        return masks.stream().filter(m -> m.layer().equals(layer) && m.param().equals(param)).findFirst();
    }

    public long prunedWeights() {
        return masks.stream().mapToLong(TensorMask::prunedCount).sum();
    }

    /** Of the weights the plan considered, the fraction zeroed. */
    public double prunedWeightRatio() {
        long total = masks.stream().mapToLong(TensorMask::size).sum();
        return total == 0 ? 0 : (double) prunedWeights() / total;
    }
}
