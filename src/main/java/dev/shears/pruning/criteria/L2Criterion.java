package dev.shears.pruning.criteria;

import dev.shears.model.ChannelGroup;
import dev.shears.model.ParamSlice;
import dev.shears.pruning.Weights;

/**
 * Euclidean norm of each channel's producer weights, summed over producers. As a group member score:
 * the Euclidean norm of the channel's slice of any weight tensor of the group, or |γ|.
 */
public final class L2Criterion implements Criterion, MemberScores {
    @Override
    public String name() {
        return "l2";
    }

    @Override
    public double[] score(ChannelGroup group, Weights weights) {
        return ProducerNorms.sum(group, weights, w -> w * w, Math::sqrt);
    }

    @Override
    public boolean scoresMember(ParamSlice slice) {
        return MemberScores.isWeight(slice) || MemberScores.isGamma(slice);
    }

    @Override
    public double[] memberScores(ChannelGroup group, ParamSlice slice, Weights weights) {
        double[] squares = weights.get(slice.layer(), slice.param()).channelSums(slice, group.channels(), w -> w * w);
        for (int c = 0; c < squares.length; c++) {
            squares[c] = Math.sqrt(squares[c]);
        }
        return squares;
    }
}
