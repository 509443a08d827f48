package dev.shears.model;

/**
 * Where a channel group lives in a node's output activation: channel {@code c} occupies indices
 * {@code [offset + c·block, offset + (c+1)·block)} along the first axis of the per-example shape
 * (channels of a [C, H, W] map, units of a flat vector).
 */
public record ActivationSlice(String node, long offset, long block) {
}
