package dev.shears.onnx;

/**
 * Where a {@link dev.shears.model.ParamTensor} of an ONNX node lives in the file: the node's
 * parameter {@code key} ("W", "b", "gamma", …, named as the pruning engine expects) is the
 * initializer or Constant output {@code tensor}, stored in {@code layout}.
 *
 * @param constantNode true when the tensor is the value of a Constant node, not an initializer
 */
public record ParamBinding(String node, String key, String tensor, StoredLayout layout, boolean constantNode) {
}
