package dev.shears.onnx.convert;

import static dev.shears.onnx.convert.OnnxGraph.integer;
import static dev.shears.onnx.convert.OnnxGraph.real;

import java.util.List;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationELU;
import org.nd4j.linalg.activations.impl.ActivationHardSigmoid;
import org.nd4j.linalg.activations.impl.ActivationHardTanH;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU6;
import org.nd4j.linalg.activations.impl.ActivationSELU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationSoftPlus;
import org.nd4j.linalg.activations.impl.ActivationSoftSign;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.activations.impl.ActivationSwish;
import org.nd4j.linalg.activations.impl.ActivationTanH;

/** DL4J activation functions as ONNX nodes, with DL4J's parameters (leaky slope, ELU alpha…). */
final class Activations {
    private Activations() {
    }

    /** Applies {@code fn} to {@code tensor}; identity adds nothing and returns {@code tensor}. */
    static String apply(IActivation fn, LayerInput in, String tensor) throws ConversionException {
        OnnxGraph g = in.graph();
        String out = in.name();
        List<String> x = List.of(tensor);
        if (fn instanceof ActivationIdentity) {
            return tensor;
        }
        if (fn instanceof ActivationReLU relu) {
            if (!isPlainRelu(relu)) {
                throw in.refuse("its ReLU has a maximum, threshold or negative slope");
            }
            return g.node("Relu", out, x);
        }
        if (fn instanceof ActivationLReLU leaky) {
            return g.node("LeakyRelu", out, x, real("alpha", leaky.getAlpha()));
        }
        if (fn instanceof ActivationReLU6) {
            return g.node("Clip", out, List.of(tensor, g.floats(out + "_min", new float[] {0f}),
                    g.floats(out + "_max", new float[] {6f})));
        }
        if (fn instanceof ActivationHardTanH) {
            return g.node("Clip", out, List.of(tensor, g.floats(out + "_min", new float[] {-1f}),
                    g.floats(out + "_max", new float[] {1f})));
        }
        if (fn instanceof ActivationELU elu) {
            return g.node("Elu", out, x, real("alpha", elu.getAlpha()));
        }
        if (fn instanceof ActivationSELU) {
            return g.node("Selu", out, x);
        }
        if (fn instanceof ActivationTanH) {
            return g.node("Tanh", out, x);
        }
        if (fn instanceof ActivationSigmoid) {
            return g.node("Sigmoid", out, x);
        }
        if (fn instanceof ActivationHardSigmoid) {
            // DL4J: min(1, max(0, 0.2x + 0.5)) — ONNX's defaults are the same alpha and beta
            return g.node("HardSigmoid", out, x, real("alpha", 0.2), real("beta", 0.5));
        }
        if (fn instanceof ActivationSwish) {
            return g.node("Mul", out, List.of(tensor, g.node("Sigmoid", out + "_sigmoid", x)));
        }
        if (fn instanceof ActivationSoftPlus) {
            return g.node("Softplus", out, x);
        }
        if (fn instanceof ActivationSoftSign) {
            return g.node("Softsign", out, x);
        }
        if (fn instanceof ActivationSoftmax) {
            if (in.shape().length != 1) {
                throw in.refuse("softmax is converted only on [batch, features] outputs");
            }
            return g.node("Softmax", out, x, integer("axis", 1));
        }
        throw in.refuse("its activation " + fn + " has no ONNX equivalent in Shears yet");
    }

    private static boolean isPlainRelu(ActivationReLU relu) {
        return isUnset(relu.getMax()) && isUnset(relu.getThreshold()) && isUnset(relu.getNegativeSlope());
    }

    private static boolean isUnset(Double value) {
        return value == null || value == 0.0;
    }
}
