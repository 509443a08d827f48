package dev.shears.onnx.convert;

import dev.shears.data.DataFit;
import dev.shears.data.DataSource;
import dev.shears.data.Examples;
import dev.shears.model.NetworkGraph;
import dev.shears.model.TensorShape;
import java.io.IOException;
import java.util.Optional;

/**
 * What a conversion is checked on: the first examples of the model's validation data when it fits
 * (real inputs reach the ranges that matter), else seeded Gaussians of the input shape.
 */
public final class CheckExamples {
    public static final int VALIDATION_IMAGES = 500;
    public static final long SEED = 20_240_601L;

    private CheckExamples() {
    }

    /** A value and a phrase saying what it is ("500 examples of …"). */
    public record Described(Examples examples, String description) {
    }

    public static Described forNetwork(NetworkGraph graph, Optional<DataSource> validation) throws IOException {
        TensorShape input = graph.input().shape();
        if (validation.isPresent() && DataFit.problem(graph, validation.get()).isEmpty()) {
            DataSource data = validation.get();
            int n = Math.min(VALIDATION_IMAGES, data.size());
            return new Described(data.read(0, n), n + " examples of " + data.name());
        }
        if (!input.isKnown()) {
            throw new IOException("The model does not record its input size, so Shears has nothing to check a"
                    + " conversion on.");
        }
        return new Described(Dl4jToOnnx.gaussian(input, Dl4jToOnnx.RANDOM_CHECK_EXAMPLES, SEED),
                Dl4jToOnnx.RANDOM_CHECK_EXAMPLES + " seeded random inputs");
    }
}
