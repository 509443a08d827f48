package dev.shears.io;

import dev.shears.model.LayerKind;
import java.util.Arrays;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.SeparableConvolution2D;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;

/** Maps DL4J layer configurations to {@link LayerKind}s and one-line descriptions. */
final class LayerKinds {
    private LayerKinds() {
    }

    /**
     * Exact classes only for convolutions and pooling: subclasses such as Deconvolution2D or
     * Convolution1DLayer lay out their weights differently and are not treated as Conv2D.
     */
    static LayerKind kindOf(Layer layer) {
        Class<?> c = layer.getClass();
        if (layer instanceof BaseOutputLayer || layer instanceof LossLayer) {
            return LayerKind.OUTPUT;
        }
        if (c == DenseLayer.class) {
            return LayerKind.DENSE;
        }
        if (c == DepthwiseConvolution2D.class) {
            return LayerKind.DEPTHWISE_CONVOLUTION;
        }
        if (c == SeparableConvolution2D.class) {
            return LayerKind.SEPARABLE_CONVOLUTION;
        }
        if (c == ConvolutionLayer.class) {
            return LayerKind.CONVOLUTION;
        }
        if (c == BatchNormalization.class) {
            return LayerKind.BATCH_NORMALIZATION;
        }
        if (c == ActivationLayer.class) {
            return LayerKind.ACTIVATION;
        }
        if (c == SubsamplingLayer.class) {
            return LayerKind.POOLING;
        }
        if (c == GlobalPoolingLayer.class) {
            return LayerKind.GLOBAL_POOLING;
        }
        if (c == DropoutLayer.class) {
            return LayerKind.DROPOUT;
        }
        return LayerKind.OTHER_LAYER;
    }

    static String describe(Layer layer) {
        StringBuilder sb = new StringBuilder();
        if (layer instanceof ConvolutionLayer conv) {
            sb.append(dims(conv.getKernelSize())).append(" stride ").append(dims(conv.getStride()));
            sb.append(", ").append(conv.getConvolutionMode());
        } else if (layer instanceof SubsamplingLayer pool) {
            sb.append(pool.getPoolingType()).append(' ').append(dims(pool.getKernelSize()))
                    .append(" stride ").append(dims(pool.getStride()));
        } else if (layer instanceof GlobalPoolingLayer gp) {
            sb.append(gp.getPoolingType());
        } else if (layer instanceof BatchNormalization bn) {
            sb.append("eps ").append(bn.getEps()).append(bn.isUseLogStd() ? ", log10 std" : ", variance");
        }
        // DL4J's BatchNormalization never applies its activation (a Keras import leaves the builder's sigmoid)
        if (layer instanceof BaseLayer base && !(layer instanceof BatchNormalization)
                && base.getActivationFn() != null) {
            append(sb, base.getActivationFn().toString());
        } else if (layer instanceof ActivationLayer act && act.getActivationFn() != null) {
            append(sb, act.getActivationFn().toString());
        }
        if (layer instanceof BaseOutputLayer out && out.getLossFn() != null) {
            append(sb, "loss " + out.getLossFn().toString());
        }
        return sb.toString();
    }

    static String describePreprocessor(InputPreProcessor p) {
        if (p instanceof CnnToFeedForwardPreProcessor c && c.getFormat() == CNN2DFormat.NHWC) {
            // DependencyAnalyzer reads "channels last" to map a channel to the dense inputs
            return "flatten " + c.getInputHeight() + "x" + c.getInputWidth() + "x" + c.getNumChannels()
                    + " channels last (index h·W·C + w·C + c)";
        }
        if (p instanceof CnnToFeedForwardPreProcessor c) {
            return "flatten " + c.getNumChannels() + "x" + c.getInputHeight() + "x" + c.getInputWidth()
                    + " (index c·H·W + h·W + w)";
        }
        if (p instanceof FeedForwardToCnnPreProcessor f) {
            return "reshape to " + f.getNumChannels() + "x" + f.getInputHeight() + "x" + f.getInputWidth();
        }
        return "";
    }

    private static void append(StringBuilder sb, String s) {
        if (sb.length() > 0) {
            sb.append(", ");
        }
        sb.append(s);
    }

    private static String dims(int[] d) {
        if (d == null) {
            return "?";
        }
        return Arrays.stream(d).mapToObj(String::valueOf).reduce((a, b) -> a + "x" + b).orElse("");
    }
}
