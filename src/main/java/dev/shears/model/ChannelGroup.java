package dev.shears.model;

import java.util.List;

/**
 * Channels that can only be removed together: a conv's output channels, the BatchNorm after it,
 * the next layer's inputs; every branch of a residual add; a slice of a concatenation. Removing
 * channel {@code c} of the group removes index {@code c} of every slice at once.
 *
 * @param id          position in {@link ChannelGroups#groups()}
 * @param name        the first layer (in graph order) that computes the group's channels
 * @param channels    how many channels the group has (the prunable units)
 * @param params      every parameter slice the channels touch, in graph order
 * @param activations every node output the channels flow through, in graph order
 * @param blockers    why the group cannot be pruned; empty when it can
 */
public record ChannelGroup(int id, String name, int channels, List<ParamSlice> params,
                           List<ActivationSlice> activations, List<String> blockers) {
    public ChannelGroup {
        params = List.copyOf(params);
        activations = List.copyOf(activations);
        blockers = List.copyOf(blockers);
    }

    public boolean prunable() {
        return blockers.isEmpty();
    }

    /** Distinct layers whose weights compute the channels (several for a residual add). */
    public List<String> producers() {
        return params.stream().filter(p -> p.role() == SliceRole.OUTPUT).map(ParamSlice::layer).distinct().toList();
    }

    /** Distinct layers whose weights read the channels. */
    public List<String> consumers() {
        return params.stream().filter(p -> p.role() == SliceRole.INPUT).map(ParamSlice::layer).distinct().toList();
    }
}
