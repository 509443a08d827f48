package dev.shears.onnx.convert;

/** The ONNX initializer holding one DL4J parameter unchanged, and its ONNX dims (a bias is [nOut], not [1, nOut]). */
public record ParamInitializer(String name, long[] dims) {
}
