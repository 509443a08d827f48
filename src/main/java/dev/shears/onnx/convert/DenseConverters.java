package dev.shears.onnx.convert;

import java.util.List;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;

/** Dense and output layers (x·W + b, then the activation) and loss layers (the activation alone). */
final class DenseConverters {
    private DenseConverters() {
    }

    /** DL4J W is [nIn, nOut], so Gemm needs no transpose; b is [1, nOut]. */
    static String dense(LayerInput in) throws ConversionException {
        FeedForwardLayer conf = (FeedForwardLayer) in.conf();
        if (in.shape().length != 1) {
            throw in.refuse("it reads a rank-" + (in.shape().length + 1) + " tensor rather than [batch, features]");
        }
        OnnxGraph g = in.graph();
        String weights = g.parameter(in.name(), "W", in.params().values("W"), in.params().shape("W"));
        String product = in.params().has("b")
                ? g.node("Gemm", in.name() + "_gemm", List.of(in.tensor(), weights,
                        g.parameter(in.name(), "b", in.params().values("b"), conf.getNOut())))
                : g.node("MatMul", in.name() + "_matmul", List.of(in.tensor(), weights));
        return Activations.apply(((BaseLayer) conf).getActivationFn(), in, product);
    }

    static String loss(LayerInput in) throws ConversionException {
        return Activations.apply(((LossLayer) in.conf()).getActivationFn(), in, in.tensor());
    }

    /** Per-pixel loss layers apply their activation to NCHW images; softmax over channels is refused. */
    static String cnnLoss(LayerInput in) throws ConversionException {
        CnnLossLayer conf = (CnnLossLayer) in.conf();
        ConvolutionGeometry.requireNchw(in, conf.getFormat());
        return Activations.apply(conf.getActivationFn(), in, in.tensor());
    }
}
