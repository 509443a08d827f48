package dev.shears.onnx.convert;

/**
 * An ONNX model proven equal to its DL4J network: {@code maxDifference} is the largest |ORT − DL4J|
 * over every output of the {@code checkedExamples} inputs it was checked on.
 */
public record ConvertedModel(byte[] onnxBytes, double maxDifference, int checkedExamples) {
}
