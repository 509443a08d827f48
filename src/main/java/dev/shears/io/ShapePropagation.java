package dev.shears.io;

import dev.shears.model.TensorShape;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Layer;

/**
 * Propagates DL4J input types node by node. A failure (unknown input, an exotic layer) makes that
 * shape and everything after it unknown instead of failing the whole model.
 */
final class ShapePropagation {
    private ShapePropagation() {
    }

    static InputType preprocess(InputPreProcessor preprocessor, InputType in) {
        if (in == null) {
            return null;
        }
        try {
            return preprocessor.getOutputType(in);
        } catch (RuntimeException e) {
            return null;
        }
    }

    static InputType layerOutput(Layer layer, int index, InputType in) {
        if (in == null) {
            return null;
        }
        try {
            return layer.getOutputType(index, in);
        } catch (RuntimeException e) {
            return null;
        }
    }

    static InputType vertexOutput(GraphVertex vertex, InputType... in) {
        for (InputType t : in) {
            if (t == null) {
                return null;
            }
        }
        try {
            return vertex.getOutputType(-1, in);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Per-example shape: [size] for feed-forward, [C, H, W] for images, [size, T] for sequences. */
    static TensorShape shapeOf(InputType type) {
        if (type == null) {
            return TensorShape.UNKNOWN;
        }
        if (type instanceof InputType.InputTypeFeedForward ff) {
            return TensorShape.of(ff.getSize());
        }
        if (type instanceof InputType.InputTypeConvolutional c) {
            return TensorShape.of(c.getChannels(), c.getHeight(), c.getWidth());
        }
        if (type instanceof InputType.InputTypeConvolutionalFlat flat) {
            return TensorShape.of(flat.getFlattenedSize());
        }
        if (type instanceof InputType.InputTypeRecurrent r) {
            return r.getTimeSeriesLength() > 0 ? TensorShape.of(r.getSize(), r.getTimeSeriesLength())
                    : TensorShape.of(r.getSize());
        }
        return TensorShape.UNKNOWN;
    }
}
