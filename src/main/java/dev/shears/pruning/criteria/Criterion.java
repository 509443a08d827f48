package dev.shears.pruning.criteria;

import dev.shears.model.ChannelGroup;
import dev.shears.pruning.Weights;
import java.util.Optional;

/** Ranks the channels of a group: the planner keeps the highest scores. */
public interface Criterion {
    /** Short name for reports and recipes, e.g. "l1". */
    String name();

    /** One score per channel of the group; higher means more important. */
    double[] score(ChannelGroup group, Weights weights);

    /**
     * Why this criterion cannot rank the group (e.g. BN-γ on a group without BatchNorm), or empty
     * when it can. The planner keeps such groups whole and reports the reason.
     */
    default Optional<String> notApplicable(ChannelGroup group) {
        return Optional.empty();
    }
}
