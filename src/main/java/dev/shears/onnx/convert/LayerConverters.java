package dev.shears.onnx.convert;

import java.util.Map;
import java.util.Optional;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LocalResponseNormalization;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SeparableConvolution2D;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.Upsampling2D;
import org.deeplearning4j.nn.conf.layers.ZeroPaddingLayer;

/**
 * The one table of convertible layers, keyed by exact class: a subclass (Deconvolution2D extends
 * ConvolutionLayer) computes something else and must be refused, not converted as its parent.
 */
final class LayerConverters {
    private static final Map<Class<? extends Layer>, LayerConverter> BY_CLASS = Map.ofEntries(
            Map.entry(ConvolutionLayer.class, ConvolutionConverters::conv2d),
            Map.entry(DepthwiseConvolution2D.class, ConvolutionConverters::depthwise),
            Map.entry(SeparableConvolution2D.class, ConvolutionConverters::separable),
            Map.entry(SubsamplingLayer.class, PoolingConverters::subsampling),
            Map.entry(GlobalPoolingLayer.class, PoolingConverters::global),
            Map.entry(BatchNormalization.class, NormalizationConverters::batchNorm),
            Map.entry(LocalResponseNormalization.class, NormalizationConverters::localResponse),
            Map.entry(DenseLayer.class, DenseConverters::dense),
            Map.entry(OutputLayer.class, DenseConverters::dense),
            Map.entry(LossLayer.class, DenseConverters::loss),
            Map.entry(CnnLossLayer.class, DenseConverters::cnnLoss),
            Map.entry(ActivationLayer.class, ShapeConverters::activation),
            Map.entry(DropoutLayer.class, ShapeConverters::dropout),
            Map.entry(ZeroPaddingLayer.class, ShapeConverters::zeroPadding),
            Map.entry(Upsampling2D.class, ShapeConverters::upsampling));

    private LayerConverters() {
    }

    static Optional<LayerConverter> forLayer(Layer layer) {
        return Optional.ofNullable(BY_CLASS.get(layer.getClass()));
    }
}
