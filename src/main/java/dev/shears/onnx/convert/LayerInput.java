package dev.shears.onnx.convert;

import org.deeplearning4j.nn.conf.layers.Layer;

/**
 * What a layer converter gets: the layer's name and configuration, its parameters, the ONNX tensor
 * it reads and that tensor's per-example shape (no batch axis), and the graph to add nodes to.
 */
record LayerInput(String name, Layer conf, Params params, String tensor, long[] shape, OnnxGraph graph) {
    String type() {
        return conf.getClass().getSimpleName();
    }

    ConversionException refuse(String reason) {
        return ConversionException.unsupported(name, type(), reason);
    }

    /** Refuses rank ≠ 3 inputs ([channels, height, width]) — the layer needs NCHW images. */
    void requireImages() throws ConversionException {
        if (shape.length != 3) {
            throw refuse("it reads a rank-" + (shape.length + 1) + " tensor, and only NCHW images are supported");
        }
    }
}
