package dev.shears.onnx;

/**
 * How an ONNX tensor stores a parameter whose {@link dev.shears.model.ParamTensor} shape follows
 * DL4J's layout (the layout the pruning engine slices). A slice along a DL4J axis maps to the ONNX
 * tensor as described per constant.
 */
public enum StoredLayout {
    /** The ONNX tensor has the DL4J layout: Conv W [out, in, kH, kW], MatMul B and Gemm B [in, out], vectors. */
    AS_IS,
    /** Gemm with transB=1: B is stored [out, in]; DL4J axis 0 (in) is ONNX axis 1 and axis 1 (out) is ONNX axis 0. */
    TRANSPOSED,
    /**
     * Depthwise Conv (group = input channels): ONNX W is [C·m, 1, kH, kW] while DL4J's is [kH, kW, C, m];
     * DL4J channel c on axis 2 is ONNX rows c·m … c·m+m−1 on axis 0.
     */
    DEPTHWISE
}
