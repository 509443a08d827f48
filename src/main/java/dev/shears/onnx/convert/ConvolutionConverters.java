package dev.shears.onnx.convert;

import static dev.shears.onnx.convert.ConvolutionGeometry.longs;
import static dev.shears.onnx.convert.OnnxGraph.integer;
import static dev.shears.onnx.convert.OnnxGraph.ints;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.SeparableConvolution2D;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Conv2D, depthwise and separable convolutions, each followed by the layer's activation. */
final class ConvolutionConverters {
    private ConvolutionConverters() {
    }

    /** DL4J W is [out, in, kH, kW] like ONNX's; b is [1, out]. */
    static String conv2d(LayerInput in) throws ConversionException {
        ConvolutionLayer conf = (ConvolutionLayer) in.conf();
        ConvolutionGeometry.requireNchw(in, conf.getCnn2dDataFormat());
        OnnxGraph g = in.graph();
        List<String> inputs = new ArrayList<>(List.of(in.tensor(),
                g.parameter(in.name(), "W", in.params().values("W"), in.params().shape("W"))));
        if (in.params().has("b")) {
            inputs.add(g.parameter(in.name(), "b", in.params().values("b"), conf.getNOut()));
        }
        String conv = convNode(in, conf, inputs, 1);
        return Activations.apply(conf.getActivationFn(), in, conv);
    }

    /**
     * DL4J keeps depthwise W as [kH, kW, in, multiplier]; output channel c·multiplier + m reads
     * input channel c. ONNX's grouped Conv (group = in) wants [in·multiplier, 1, kH, kW] in that order.
     */
    static String depthwise(LayerInput in) throws ConversionException {
        DepthwiseConvolution2D conf = (DepthwiseConvolution2D) in.conf();
        ConvolutionGeometry.requireNchw(in, conf.getCnn2dDataFormat());
        OnnxGraph g = in.graph();
        INDArray w = in.params().array("W").permute(2, 3, 0, 1);
        List<String> inputs = new ArrayList<>(List.of(in.tensor(), depthwiseWeights(in, w)));
        if (in.params().has("b")) {
            inputs.add(g.parameter(in.name(), "b", in.params().values("b"), conf.getNOut()));
        }
        String conv = convNode(in, conf, inputs, in.shape()[0]);
        return Activations.apply(conf.getActivationFn(), in, conv);
    }

    /**
     * DL4J keeps the separable depthwise W as [multiplier, in, kH, kW] and the pointwise pW as
     * [out, in·multiplier, 1, 1]; the depthwise stage's channel order is c·multiplier + m.
     */
    static String separable(LayerInput in) throws ConversionException {
        SeparableConvolution2D conf = (SeparableConvolution2D) in.conf();
        ConvolutionGeometry.requireNchw(in, conf.getCnn2dDataFormat());
        OnnxGraph g = in.graph();
        INDArray w = in.params().array("W").permute(1, 0, 2, 3);
        String depthwise = convNode(in, conf, List.of(in.tensor(), depthwiseWeights(in, w)), in.shape()[0]);
        List<String> pointwiseInputs = new ArrayList<>(List.of(depthwise,
                g.parameter(in.name(), "pW", in.params().values("pW"), in.params().shape("pW"))));
        if (in.params().has("b")) {
            pointwiseInputs.add(g.parameter(in.name(), "b", in.params().values("b"), conf.getNOut()));
        }
        String pointwise = g.node("Conv", in.name() + "_pointwise", pointwiseInputs, ints("kernel_shape", 1, 1));
        return Activations.apply(conf.getActivationFn(), in, pointwise);
    }

    /** Weights already permuted to [in, multiplier, kH, kW], stored as [in·multiplier, 1, kH, kW]. */
    private static String depthwiseWeights(LayerInput in, INDArray inMultiplierKernel) {
        long[] s = inMultiplierKernel.shape();
        return in.graph().floats(in.name() + "_depthwise_W", Params.rowMajor(inMultiplierKernel),
                s[0] * s[1], 1, s[2], s[3]);
    }

    private static String convNode(LayerInput in, ConvolutionLayer conf, List<String> inputs, long group)
            throws ConversionException {
        long[] pads = ConvolutionGeometry.pads(in, conf.getConvolutionMode(), conf.getKernelSize(),
                conf.getStride(), conf.getDilation(), conf.getPadding());
        return in.graph().node("Conv", in.name() + "_conv", inputs,
                ints("kernel_shape", longs(conf.getKernelSize())),
                ints("strides", longs(conf.getStride())),
                ints("dilations", longs(conf.getDilation())),
                ints("pads", pads),
                integer("group", group));
    }
}
