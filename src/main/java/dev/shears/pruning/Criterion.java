package dev.shears.pruning;

import dev.shears.model.ChannelGroup;

/** Ranks the channels of a group: the planner keeps the highest scores. */
public interface Criterion {
    /** Short name for reports and recipes, e.g. "l1". */
    String name();

    /** One score per channel of the group; higher means more important. */
    double[] score(ChannelGroup group, Weights weights);
}
