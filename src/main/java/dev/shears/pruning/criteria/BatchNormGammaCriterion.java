package dev.shears.pruning.criteria;

import dev.shears.model.ChannelGroup;
import dev.shears.model.ParamSlice;
import dev.shears.model.SliceRole;
import dev.shears.pruning.Weights;
import java.util.Optional;

/**
 * Network Slimming (Liu et al. 2017): a channel matters as much as the |γ| of the BatchNorm that
 * scales it. A group normalised by several BatchNorms (every branch of a residual add) sums their
 * |γ|. A group without BatchNorm γ is not applicable: it is kept whole rather than scored by a
 * different rule, so the ranking never mixes γ with weight norms silently.
 */
public final class BatchNormGammaCriterion implements Criterion, MemberScores {
    private static final String GAMMA = "gamma";

    @Override
    public String name() {
        return "bn-gamma";
    }

    @Override
    public double[] score(ChannelGroup group, Weights weights) {
        notApplicable(group).ifPresent(reason -> {
            throw new IllegalArgumentException(group.name() + ": " + reason);
        });
        double[] scores = new double[group.channels()];
        for (ParamSlice slice : group.params()) {
            if (isGamma(slice)) {
                double[] sums = weights.get(slice.layer(), slice.param()).channelSums(slice, group.channels(), Math::abs);
                for (int c = 0; c < scores.length; c++) {
                    scores[c] += sums[c];
                }
            }
        }
        return scores;
    }

    @Override
    public Optional<String> notApplicable(ChannelGroup group) {
        return group.params().stream().anyMatch(BatchNormGammaCriterion::isGamma) ? Optional.empty()
                : Optional.of("no BatchNorm γ scales these channels (bn-gamma needs one)");
    }

    /** As a group member score: |γ| of one BatchNorm (group-sum is then this criterion itself). */
    @Override
    public boolean scoresMember(ParamSlice slice) {
        return isGamma(slice);
    }

    @Override
    public double[] memberScores(ChannelGroup group, ParamSlice slice, Weights weights) {
        return weights.get(slice.layer(), slice.param()).channelSums(slice, group.channels(), Math::abs);
    }

    private static boolean isGamma(ParamSlice slice) {
        return slice.role() == SliceRole.NORMALIZATION && slice.param().equals(GAMMA);
    }
}
