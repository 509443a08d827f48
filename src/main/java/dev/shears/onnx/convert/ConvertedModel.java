package dev.shears.onnx.convert;

import java.util.Map;
import java.util.Optional;

/**
 * An ONNX model proven equal to its DL4J network: {@code maxDifference} is the largest |ORT − DL4J|
 * over every output of the {@code checkedExamples} inputs it was checked on. {@code params} names the
 * initializers that hold conv, dense and output weights and biases unchanged, keyed "layer/key", so a
 * session can override them (masked previews) without converting again.
 */
public record ConvertedModel(byte[] onnxBytes, double maxDifference, int checkedExamples,
                             Map<String, ParamInitializer> params) {
    public Optional<ParamInitializer> initializerOf(String layer, String key) {
        return Optional.ofNullable(params.get(layer + "/" + key));
    }
}
