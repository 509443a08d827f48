package dev.shears.pruning;

import dev.shears.model.ChannelGroup;

/** Euclidean norm of each channel's producer weights, summed over producers. */
public final class L2Criterion implements Criterion {
    @Override
    public String name() {
        return "l2";
    }

    @Override
    public double[] score(ChannelGroup group, Weights weights) {
        return ProducerNorms.sum(group, weights, w -> w * w, Math::sqrt);
    }
}
