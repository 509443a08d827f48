package dev.shears.model;

/**
 * Where a channel group lives in one parameter tensor: channel {@code c} of the group occupies the
 * indices {@code [offset + c·block, offset + (c+1)·block)} along {@code axis}. A block is 1 for a
 * conv's filters; H·W for the dense inputs behind a flatten (DL4J flattens NCHW); the depth
 * multiplier for a depthwise conv's bias.
 *
 * @param layer name of the layer (DL4J layer or vertex name)
 * @param param DL4J parameter key, e.g. "W", "b", "gamma", "log10stdev"
 */
public record ParamSlice(String layer, String param, int axis, long offset, long block, SliceRole role) {
    public ParamSlice {
        if (axis < 0 || offset < 0 || block < 1) {
            throw new IllegalArgumentException("bad slice " + layer + "/" + param + " axis " + axis
                    + " offset " + offset + " block " + block);
        }
    }

    /** True for a multiplying weight (W, pW, dW) as opposed to a bias or BatchNorm vector. */
    public boolean isWeight() {
        return param.equals("W") || param.equals("pW") || param.equals("dW");
    }
}
