package dev.shears.onnx.convert;

import ai.onnxruntime.OrtException;
import dev.shears.data.Examples;
import dev.shears.engine.Dl4jEngine;
import dev.shears.engine.OrtEngine;
import dev.shears.engine.Outputs;
import java.util.Arrays;
import org.deeplearning4j.nn.api.Model;

/** Runs the DL4J network and the ONNX model on the same inputs, batch by batch, and measures the gap. */
final class OutputComparison {
    static final int BATCH = 250;

    private OutputComparison() {
    }

    /**
     * The largest |ORT − DL4J| over all outputs (infinite where only one side is NaN). Refuses
     * outputs of different shapes, and DL4J outputs that are not finite: they prove nothing.
     */
    static double maxDifference(Model network, byte[] onnx, Examples inputs) throws OrtException,
            ConversionException {
        double max = 0;
        try (Dl4jEngine dl4j = new Dl4jEngine(network); OrtEngine ort = new OrtEngine(onnx)) {
            for (int from = 0; from < inputs.count(); from += BATCH) {
                Examples batch = slice(inputs, from, Math.min(inputs.count(), from + BATCH));
                Outputs expected = dl4j.run(batch);
                Outputs actual = ort.run(batch);
                if (!expected.exampleShape().equals(actual.exampleShape())) {
                    throw new ConversionException("The ONNX model's output shape " + actual.exampleShape()
                            + " differs from DL4J's " + expected.exampleShape() + ", so it was not kept.");
                }
                for (int i = 0; i < expected.values().length; i++) {
                    if (!Float.isFinite(expected.values()[i])) {
                        throw new ConversionException("DL4J's own outputs are not finite numbers on the check"
                                + " inputs, so the conversion cannot be proven equal.");
                    }
                    double gap = Math.abs((double) expected.values()[i] - actual.values()[i]);
                    max = Double.isNaN(gap) ? Double.POSITIVE_INFINITY : Math.max(max, gap);
                }
            }
        }
        return max;
    }

    static Examples slice(Examples all, int from, int to) {
        int per = Math.toIntExact(all.exampleShape().elements());
        float[] features = Arrays.copyOfRange(all.features(), from * per, to * per);
        return Examples.unlabelled(features, to - from, all.exampleShape());
    }
}
