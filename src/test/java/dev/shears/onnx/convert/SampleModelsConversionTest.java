package dev.shears.onnx.convert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.data.Examples;
import dev.shears.engine.Dl4jEngine;
import dev.shears.engine.InferenceEngine;
import dev.shears.engine.OrtEngine;
import dev.shears.engine.Outputs;
import dev.shears.io.DataSplit;
import dev.shears.io.ModelLoader;
import dev.shears.io.SampleLocations;
import dev.shears.samples.SampleArchitectures;
import java.io.IOException;
import org.deeplearning4j.nn.api.Model;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The four bundled (trained) samples convert, ORT's outputs equal DL4J's on 500 real validation
 * images, and both engines get exactly the same images of the test split right.
 */
class SampleModelsConversionTest {
    private static Examples validation;
    private static Examples test;

    @BeforeAll
    static void loadImages() throws IOException {
        validation = FashionMnistExamples.load(DataSplit.VALIDATION, 0, 500);
        test = FashionMnistExamples.load(DataSplit.TEST, 0, 5_000);
    }

    static Iterable<String> samples() {
        return SampleArchitectures.NAMES;
    }

    @ParameterizedTest
    @MethodSource("samples")
    void convertsEqualAndClassifiesTheTestSplitIdentically(String sample) throws Exception {
        Model network = ModelLoader.load(SampleLocations.sampleModel(sample)).network();

        ConvertedModel converted = Dl4jToOnnx.convert(network, validation);

        assertThat(converted.checkedExamples()).isEqualTo(500);
        assertThat(converted.maxDifference()).isLessThanOrEqualTo(Dl4jToOnnx.TOLERANCE);
        try (Dl4jEngine dl4j = new Dl4jEngine(network); OrtEngine ort = new OrtEngine(converted.onnxBytes())) {
            int dl4jCorrect = correct(dl4j, test);
            int ortCorrect = correct(ort, test);
            assertThat(ortCorrect).as("%s: DL4J gets %d of 5000 right", sample, dl4jCorrect).isEqualTo(dl4jCorrect);
            assertThat(dl4jCorrect).as("%s is a trained sample", sample).isGreaterThan(4_000);
        }
    }

    /** Correct top-1 predictions over the examples, in batches of 250. */
    static int correct(InferenceEngine engine, Examples all) {
        int correct = 0;
        for (int from = 0; from < all.count(); from += 250) {
            int to = Math.min(all.count(), from + 250);
            Outputs out = engine.run(OutputComparison.slice(all, from, to));
            for (int i = 0; i < out.count(); i++) {
                if (argmax(out.values(), i * out.width(), out.width()) == all.label(from + i)) {
                    correct++;
                }
            }
        }
        return correct;
    }

    private static int argmax(float[] values, int offset, int width) {
        int best = 0;
        for (int j = 1; j < width; j++) {
            if (values[offset + j] > values[offset + best]) {
                best = j;
            }
        }
        return best;
    }
}
