package dev.shears.export;

/** The format the exported model is written in. */
public enum ExportFormat {
    /** The pruned model's own format: a DL4J zip for DL4J and Keras models, an .onnx for ONNX ones. */
    MODEL_FORMAT,
    /** ONNX, converted from DL4J where needed and proven equal to the pruned model before it counts as exported. */
    ONNX
}
