package dev.shears.onnx.convert;

import ai.onnxruntime.OrtException;
import dev.shears.data.Examples;
import dev.shears.model.TensorShape;
import java.util.Locale;
import java.util.Random;
import org.deeplearning4j.nn.api.Model;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DL4J network → ONNX model (opset 13, dynamic batch), checked before it is returned: ONNX Runtime
 * and DL4J run the same inputs and the largest output difference must be at most {@link #TOLERANCE}.
 * A model that is not proven equal is never handed out.
 */
public final class Dl4jToOnnx {
    public static final double TOLERANCE = 1e-4;
    /** How many seeded Gaussian examples check a conversion when the caller has no real inputs. */
    public static final int RANDOM_CHECK_EXAMPLES = 32;
    private static final Logger LOG = LoggerFactory.getLogger(Dl4jToOnnx.class);

    private Dl4jToOnnx() {
    }

    /** Converts and checks on {@code checkInputs} (real validation data, preferably). */
    public static ConvertedModel convert(Model network, Examples checkInputs) throws ConversionException {
        if (checkInputs.count() == 0) {
            throw new IllegalArgumentException("a conversion needs at least one check input");
        }
        NetworkTranslator.Translation translation = NetworkTranslator.translate(network, checkInputs.exampleShape());
        byte[] bytes = translation.model().toByteArray();
        double difference;
        try {
            difference = OutputComparison.maxDifference(network, bytes, checkInputs);
        } catch (OrtException | RuntimeException e) {
            // the sentence is for the user; the trace goes to the log
            LOG.warn("ONNX Runtime could not run the converted model", e);
            throw new ConversionException("ONNX Runtime could not run the converted model: " + e.getMessage(), e);
        }
        if (!(difference <= TOLERANCE)) {
            throw new ConversionException(String.format(Locale.ROOT,
                    "The ONNX model's outputs differ from DL4J's by up to %.3g on %d check inputs, more than the"
                            + " %.0e Shears allows, so it was not kept.", difference, checkInputs.count(), TOLERANCE));
        }
        return new ConvertedModel(bytes, difference, checkInputs.count(), translation.params());
    }

    /** Converts and checks on seeded standard-Gaussian inputs of {@code exampleShape}. */
    public static ConvertedModel convert(Model network, TensorShape exampleShape, long seed)
            throws ConversionException {
        return convert(network, gaussian(exampleShape, RANDOM_CHECK_EXAMPLES, seed));
    }

    static Examples gaussian(TensorShape exampleShape, int count, long seed) {
        Random random = new Random(seed);
        float[] features = new float[Math.toIntExact(count * exampleShape.elements())];
        for (int i = 0; i < features.length; i++) {
            features[i] = (float) random.nextGaussian();
        }
        return Examples.unlabelled(features, count, exampleShape);
    }
}
