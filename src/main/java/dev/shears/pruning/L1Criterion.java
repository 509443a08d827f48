package dev.shears.pruning;

import dev.shears.model.ChannelGroup;

/** Sum of absolute weights of each channel's producers (filter L1 norm, Li et al. 2017). */
public final class L1Criterion implements Criterion {
    @Override
    public String name() {
        return "l1";
    }

    @Override
    public double[] score(ChannelGroup group, Weights weights) {
        return ProducerNorms.sum(group, weights, Math::abs, s -> s);
    }
}
