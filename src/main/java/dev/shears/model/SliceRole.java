package dev.shears.model;

/** What a parameter slice of a {@link ChannelGroup} does with the group's channels. */
public enum SliceRole {
    /** Weights or bias that compute the channel (a conv's filter, a dense unit, a depthwise kernel). */
    OUTPUT,
    /** BatchNorm scale and shift (gamma, beta) of the channel. */
    NORMALIZATION,
    /** BatchNorm running statistics (mean, var or log10stdev): removed, never zeroed. */
    STATISTIC,
    /** Weights of a downstream layer that read the channel. */
    INPUT
}
