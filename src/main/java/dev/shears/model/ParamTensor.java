package dev.shears.model;

/**
 * One parameter tensor of a layer, e.g. a conv's {@code W} [nOut, nIn, kH, kW] or a BatchNorm's
 * {@code gamma} [nOut], with statistics of its values.
 */
public record ParamTensor(String key, TensorShape shape, TensorStats stats) {
    public long count() {
        return shape.elements();
    }

    /** True for tensors that multiply activations (weights), false for biases and BN statistics. */
    public boolean isWeight() {
        return key.equals("W") || key.equals("pW") || key.equals("dW");
    }
}
