package dev.shears.io;

import dev.shears.model.ParamTensor;
import dev.shears.model.TensorShape;
import dev.shears.model.TensorStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SeparableConvolution2D;

/**
 * A layer's parameter tensors — keys in DL4J's order and shapes — from its configuration alone, as
 * DL4J's initialisers lay them out when the network is built: what a model's outline shows before
 * ND4J has started and the weights are read. Known for the layers most networks are made of (dense,
 * output, 2D convolution — plain, depthwise and separable — in NCHW, batch normalisation) and for any
 * layer without parameters; empty
 * for the others, and whenever the shapes would not add up to the count DL4J's initialiser gives, so
 * a layer is never outlined wrongly (such a model is shown when its weights are read).
 */
final class ParamShapes {
    private ParamShapes() {
    }

    /** The tensors with their statistics not read, or empty when only the built layer knows them. */
    static Optional<List<ParamTensor>> of(NeuralNetConfiguration conf) {
        Layer layer = conf.getLayer();
        long declared;
        try {
            declared = layer.initializer().numParams(conf);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        if (declared == 0) {
            return Optional.of(List.of());
        }
        List<ParamTensor> tensors = new ArrayList<>();
        Class<?> type = layer.getClass();
        if (type == DenseLayer.class || type == OutputLayer.class) {
            var ff = (org.deeplearning4j.nn.conf.layers.FeedForwardLayer) layer;
            if (layer instanceof DenseLayer dense && dense.isHasLayerNorm()) {
                return Optional.empty();
            }
            tensors.add(tensor("W", ff.getNIn(), ff.getNOut()));
            if (hasBias(layer)) {
                tensors.add(tensor("b", ff.getNOut()));
            }
        } else if (type == DepthwiseConvolution2D.class || type == SeparableConvolution2D.class) {
            ConvolutionLayer conv = (ConvolutionLayer) layer;
            int[] kernel = conv.getKernelSize();
            if (kernel == null || kernel.length != 2 || conv.getCnn2dDataFormat() != CNN2DFormat.NCHW) {
                return Optional.empty();
            }
            tensors.addAll(type == DepthwiseConvolution2D.class
                    ? depthwise(conv.getNIn(), ((DepthwiseConvolution2D) conv).getDepthMultiplier(), kernel,
                    conv.hasBias())
                    : separable(conv.getNIn(), conv.getNOut(), ((SeparableConvolution2D) conv).getDepthMultiplier(),
                    kernel, conv.hasBias()));
        } else if (type == ConvolutionLayer.class) {
            ConvolutionLayer conv = (ConvolutionLayer) layer;
            int[] kernel = conv.getKernelSize();
            if (kernel == null || kernel.length != 2 || conv.getCnn2dDataFormat() != CNN2DFormat.NCHW) {
                return Optional.empty();
            }
            // DL4J's convolution initialiser puts the bias first
            if (conv.hasBias()) {
                tensors.add(tensor("b", conv.getNOut()));
            }
            tensors.add(tensor("W", conv.getNOut(), conv.getNIn(), kernel[0], kernel[1]));
        } else if (type == BatchNormalization.class) {
            BatchNormalization bn = (BatchNormalization) layer;
            if (!bn.isLockGammaBeta()) {
                tensors.add(tensor("gamma", bn.getNOut()));
                tensors.add(tensor("beta", bn.getNOut()));
            }
            tensors.add(tensor("mean", bn.getNOut()));
            tensors.add(tensor(bn.isUseLogStd() ? "log10stdev" : "var", bn.getNOut()));
        } else {
            return Optional.empty();
        }
        long counted = tensors.stream().mapToLong(ParamTensor::count).sum();
        return counted == declared ? Optional.of(List.copyOf(tensors)) : Optional.empty();
    }

    /** DL4J's depthwise initialiser: the kernel as [kH, kW, nIn, multiplier], then the bias. */
    static List<ParamTensor> depthwise(long nIn, long multiplier, int[] kernel, boolean hasBias) {
        List<ParamTensor> tensors = new ArrayList<>();
        tensors.add(tensor("W", kernel[0], kernel[1], nIn, multiplier));
        if (hasBias) {
            tensors.add(tensor("b", nIn * multiplier));
        }
        return tensors;
    }

    /** DL4J's separable initialiser: depthwise [multiplier, nIn, kH, kW], pointwise [nOut, nIn·multiplier, 1, 1], bias. */
    static List<ParamTensor> separable(long nIn, long nOut, long multiplier, int[] kernel, boolean hasBias) {
        List<ParamTensor> tensors = new ArrayList<>();
        tensors.add(tensor("W", multiplier, nIn, kernel[0], kernel[1]));
        tensors.add(tensor("pW", nOut, nIn * multiplier, 1, 1));
        if (hasBias) {
            tensors.add(tensor("b", nOut));
        }
        return tensors;
    }

    private static boolean hasBias(Layer layer) {
        return layer instanceof DenseLayer dense ? dense.hasBias() : ((OutputLayer) layer).hasBias();
    }

    static ParamTensor tensor(String key, long... dims) {
        TensorShape shape = TensorShape.of(dims);
        return new ParamTensor(key, shape, TensorStats.notRead(shape.elements()));
    }
}
