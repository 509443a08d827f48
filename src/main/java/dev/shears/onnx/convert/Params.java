package dev.shears.onnx.convert;

import org.deeplearning4j.nn.api.Layer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** One layer's trained parameters, read by key ("W", "b", "gamma"…) in row-major order. */
record Params(Layer layer) {
    boolean has(String key) {
        return layer != null && layer.getParam(key) != null;
    }

    INDArray array(String key) {
        INDArray values = layer == null ? null : layer.getParam(key);
        if (values == null) {
            throw new IllegalStateException("layer has no parameter '" + key + "'");
        }
        return values;
    }

    /** The values in row-major order, whatever order DL4J keeps them in (Dense W is 'f'). */
    float[] values(String key) {
        return rowMajor(array(key));
    }

    long[] shape(String key) {
        return array(key).shape();
    }

    static float[] rowMajor(INDArray array) {
        return array.castTo(DataType.FLOAT).dup('c').data().asFloat();
    }
}
