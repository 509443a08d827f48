package dev.shears.onnx.convert;

import static dev.shears.onnx.convert.OnnxGraph.integer;

import java.util.List;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;

/** DL4J's input preprocessors between feed-forward and convolutional layers. */
final class PreprocessorConverters {
    private PreprocessorConverters() {
    }

    /** The preprocessor in front of layer {@code owner}, applied to {@code in}. */
    static Tensor apply(InputPreProcessor preprocessor, String owner, Tensor in, OnnxGraph g)
            throws ConversionException {
        if (preprocessor instanceof FeedForwardToCnnPreProcessor toCnn) {
            // a row-major reshape of [batch, c·h·w] to [batch, c, h, w]: DL4J's flat images are CHW
            long[] shape = {toCnn.getNumChannels(), toCnn.getInputHeight(), toCnn.getInputWidth()};
            String out = g.node("Reshape", owner + "_to_cnn", List.of(in.name(),
                    g.longs(owner + "_cnn_shape", -1, shape[0], shape[1], shape[2])));
            return new Tensor(out, shape);
        }
        if (preprocessor instanceof CnnToFeedForwardPreProcessor toFeedForward) {
            if (toFeedForward.getFormat() == CNN2DFormat.NHWC) {
                throw ConversionException.unsupported(owner, preprocessor.getClass().getSimpleName(),
                        "it flattens NHWC images, and only NCHW is supported");
            }
            // DL4J flattens NCHW in row-major order (c·H·W + h·W + w), exactly what Flatten does
            long features = 1;
            for (long d : in.shape()) {
                features *= d;
            }
            String out = g.node("Flatten", owner + "_flatten", List.of(in.name()), integer("axis", 1));
            return new Tensor(out, new long[] {features});
        }
        throw ConversionException.unsupported(owner, preprocessor.getClass().getSimpleName()
                + " preprocessor");
    }
}
