package dev.shears.onnx.convert;

/** An ONNX tensor by name, with its per-example shape (no batch axis). */
record Tensor(String name, long[] shape) {
}
