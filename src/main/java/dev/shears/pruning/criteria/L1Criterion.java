package dev.shears.pruning.criteria;

import dev.shears.model.ChannelGroup;
import dev.shears.model.ParamSlice;
import dev.shears.pruning.Weights;

/**
 * Sum of absolute weights of each channel's producers (filter L1 norm, Li et al. 2017). As a group
 * member score: the L1 norm of the channel's slice of any weight tensor of the group or of |γ|.
 */
public final class L1Criterion implements Criterion, MemberScores {
    @Override
    public String name() {
        return "l1";
    }

    @Override
    public double[] score(ChannelGroup group, Weights weights) {
        return ProducerNorms.sum(group, weights, Math::abs, s -> s);
    }

    @Override
    public boolean scoresMember(ParamSlice slice) {
        return MemberScores.isWeight(slice) || MemberScores.isGamma(slice);
    }

    @Override
    public double[] memberScores(ChannelGroup group, ParamSlice slice, Weights weights) {
        return weights.get(slice.layer(), slice.param()).channelSums(slice, group.channels(), Math::abs);
    }
}
