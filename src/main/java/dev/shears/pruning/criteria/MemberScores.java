package dev.shears.pruning.criteria;

import dev.shears.model.ChannelGroup;
import dev.shears.model.ParamSlice;
import dev.shears.model.SliceRole;
import dev.shears.pruning.Weights;

/**
 * A criterion that can score a group's channels on any one member tensor of the group — a producer's
 * filters, a BatchNorm's γ, a reader's input slice — so that {@link GroupImportance} can combine them
 * (group importance, as Torch-Pruning computes it).
 */
public interface MemberScores {
    /** Whether this criterion scores channels on this kind of slice (e.g. weights and γ, not running means). */
    boolean scoresMember(ParamSlice slice);

    /** Per channel of the group, this criterion's score on one of its slices ({@link #scoresMember} holds). */
    double[] memberScores(ChannelGroup group, ParamSlice slice, Weights weights);

    /** A multiplying weight slice (W, pW, dW) that computes or reads the channels. */
    static boolean isWeight(ParamSlice slice) {
        return slice.isWeight() && (slice.role() == SliceRole.OUTPUT || slice.role() == SliceRole.INPUT);
    }

    /** A BatchNorm's γ. */
    static boolean isGamma(ParamSlice slice) {
        return slice.role() == SliceRole.NORMALIZATION && slice.param().equals("gamma");
    }
}
