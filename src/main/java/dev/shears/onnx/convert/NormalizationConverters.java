package dev.shears.onnx.convert;

import static dev.shears.onnx.convert.OnnxGraph.integer;
import static dev.shears.onnx.convert.OnnxGraph.real;

import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.LocalResponseNormalization;

/** BatchNormalization (inference statistics) and local response normalisation. */
final class NormalizationConverters {
    private NormalizationConverters() {
    }

    /**
     * DL4J stores the running variance as log10 of the standard deviation by default (useLogStd):
     * var = (10^log10stdev)². Locked gamma and beta are configuration constants, not parameters.
     */
    static String batchNorm(LayerInput in) throws ConversionException {
        BatchNormalization conf = (BatchNormalization) in.conf();
        if (in.shape().length == 3) {
            ConvolutionGeometry.requireNchw(in, conf.getCnn2DFormat());
        } else if (in.shape().length != 1) {
            throw in.refuse("it normalises a rank-" + (in.shape().length + 1) + " tensor");
        }
        int channels = Math.toIntExact(in.shape()[0]);
        float[] mean = in.params().values("mean");
        float[] variance;
        if (in.params().has("log10stdev")) {
            float[] log10Std = in.params().values("log10stdev");
            variance = new float[channels];
            for (int c = 0; c < channels; c++) {
                double std = Math.pow(10, log10Std[c]);
                variance[c] = (float) (std * std);
            }
        } else {
            variance = in.params().values("var");
        }
        float[] gamma = in.params().has("gamma") ? in.params().values("gamma") : filled(channels, conf.getGamma());
        float[] beta = in.params().has("beta") ? in.params().values("beta") : filled(channels, conf.getBeta());
        OnnxGraph g = in.graph();
        return g.node("BatchNormalization", in.name(), List.of(in.tensor(),
                g.floats(in.name() + "_gamma", gamma, channels),
                g.floats(in.name() + "_beta", beta, channels),
                g.floats(in.name() + "_mean", mean, channels),
                g.floats(in.name() + "_var", variance, channels)),
                real("epsilon", conf.getEps()));
    }

    /**
     * DL4J: x / (k + α·Σ x²)^β over channels c−⌊n/2⌋ … c+⌊n/2⌋. ONNX divides α by its size,
     * so size = 2⌊n/2⌋ + 1 and ONNX α = α·size.
     */
    static String localResponse(LayerInput in) throws ConversionException {
        LocalResponseNormalization conf = (LocalResponseNormalization) in.conf();
        if (conf.getDataFormat() == CNN2DFormat.NHWC) {
            throw in.refuse("it uses the NHWC data format, and only NCHW is supported");
        }
        in.requireImages();
        long size = 2 * (long) Math.floor(conf.getN() / 2) + 1;
        return in.graph().node("LRN", in.name(), List.of(in.tensor()),
                integer("size", size),
                real("alpha", conf.getAlpha() * size),
                real("beta", conf.getBeta()),
                real("bias", conf.getK()));
    }

    private static float[] filled(int n, double value) {
        float[] values = new float[n];
        Arrays.fill(values, (float) value);
        return values;
    }
}
