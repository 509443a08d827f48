package dev.shears.model;

/**
 * Where a channel group lives in one parameter tensor: channel {@code c} of the group occupies the
 * indices {@code [offset + r·period + c·block, offset + r·period + (c+1)·block)} along {@code axis},
 * for every repeat {@code r < repeats}. A block is 1 for a conv's filters; H·W for the dense inputs
 * behind a channels-first flatten (DL4J flattens NCHW: c·H·W + h·W + w); the depth multiplier for a
 * depthwise conv's bias. Most slices have one repeat; behind a channels-last flatten (Keras flattens
 * NHWC: h·W·C + w·C + c) a channel repeats H·W times, once every C (the period) inputs.
 *
 * @param layer   name of the layer (DL4J layer or vertex name)
 * @param param   DL4J parameter key, e.g. "W", "b", "gamma", "log10stdev"
 * @param period  distance between repeats (0 when there is one)
 * @param repeats how many times each channel's block recurs along the axis
 */
public record ParamSlice(String layer, String param, int axis, long offset, long block, SliceRole role, long period,
                         long repeats) {
    public ParamSlice {
        if (axis < 0 || offset < 0 || block < 1 || repeats < 1 || period < 0) {
            throw new IllegalArgumentException("bad slice " + layer + "/" + param + " axis " + axis
                    + " offset " + offset + " block " + block + " period " + period + " repeats " + repeats);
        }
    }

    /** A slice whose channels are consecutive blocks (no repeats). */
    public ParamSlice(String layer, String param, int axis, long offset, long block, SliceRole role) {
        this(layer, param, axis, offset, block, role, 0, 1);
    }

    /** True for a multiplying weight (W, pW, dW) as opposed to a bias or BatchNorm vector. */
    public boolean isWeight() {
        return param.equals("W") || param.equals("pW") || param.equals("dW");
    }

    /** Indices one channel occupies along the axis. */
    public long width() {
        return block * repeats;
    }

    /** First index of channel {@code channel}'s block in repeat {@code repeat}. */
    public long start(long channel, long repeat) {
        return offset + repeat * period + channel * block;
    }
}
