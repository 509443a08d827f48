package dev.shears.model;

/**
 * Where a channel group lives in a node's output activation: channel {@code c} occupies indices
 * {@code [offset + r·period + c·block, offset + r·period + (c+1)·block)} for every repeat
 * {@code r < repeats} along the first axis of the per-example shape (channels of a [C, H, W] map,
 * units of a flat vector; see {@link ParamSlice} for why a channel repeats).
 */
public record ActivationSlice(String node, long offset, long block, long period, long repeats) {
    /** A slice whose channels are consecutive blocks (no repeats). */
    public ActivationSlice(String node, long offset, long block) {
        this(node, offset, block, 0, 1);
    }

    /** Indices one channel occupies. */
    public long width() {
        return block * repeats;
    }
}
