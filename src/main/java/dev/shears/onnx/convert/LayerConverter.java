package dev.shears.onnx.convert;

/** Adds the ONNX nodes computing one DL4J layer at inference; returns the name of the tensor it outputs. */
@FunctionalInterface
interface LayerConverter {
    String convert(LayerInput in) throws ConversionException;
}
