package dev.shears.pruning.plan;

import dev.shears.model.TensorShape;
import java.util.BitSet;
import java.util.Objects;

/**
 * The weights of one parameter tensor that unstructured pruning zeroes: bit i set means value i
 * (C order) is pruned. Kept with the plan so fine-tuning can hold those weights at zero.
 */
public record TensorMask(String layer, String param, TensorShape shape, BitSet pruned) {
    public TensorMask {
        Objects.requireNonNull(layer, "layer");
        Objects.requireNonNull(param, "param");
        pruned = (BitSet) pruned.clone();
        if (pruned.length() > shape.elements()) {
            throw new IllegalArgumentException("mask of " + layer + "/" + param + " marks index " + (pruned.length() - 1)
                    + " outside a tensor of " + shape.elements() + " values");
        }
    }

    /** A copy: the mask itself stays immutable. */
    @Override
    public BitSet pruned() {
        return (BitSet) pruned.clone();
    }

    public boolean isPruned(int index) {
        return pruned.get(index);
    }

    public long size() {
        return shape.elements();
    }

    public int prunedCount() {
        return pruned.cardinality();
    }

    /** Pruned indices, ascending. */
    public int[] prunedIndices() {
        return pruned.stream().toArray();
    }
}
