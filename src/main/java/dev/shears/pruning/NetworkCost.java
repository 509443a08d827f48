package dev.shears.pruning;

/** Size and compute of a network: parameter count and multiply-accumulates per example. */
public record NetworkCost(long params, long macs) {
}
