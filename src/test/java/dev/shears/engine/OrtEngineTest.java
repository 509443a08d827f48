package dev.shears.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shears.data.Examples;
import dev.shears.io.DataSplit;
import dev.shears.io.ModelLoader;
import dev.shears.io.SampleLocations;
import dev.shears.onnx.convert.ConvertedModel;
import dev.shears.onnx.convert.Dl4jToOnnx;
import dev.shears.onnx.convert.FashionMnistExamples;
import dev.shears.onnx.convert.ParamInitializer;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** ONNX Runtime on the converted LeNet-5 sample, with real Fashion-MNIST validation images. */
class OrtEngineTest {
    private static MultiLayerNetwork lenet5;
    private static Examples images;
    private static ConvertedModel converted;

    @BeforeAll
    static void convertLenet5() throws Exception {
        lenet5 = (MultiLayerNetwork) ModelLoader.load(SampleLocations.sampleModel("lenet-5")).network();
        images = FashionMnistExamples.load(DataSplit.VALIDATION, 0, 200);
        converted = Dl4jToOnnx.convert(lenet5, images);
    }

    @Test
    void readsTheInputFromTheSessionAndRunsFlatImages() throws Exception {
        try (OrtEngine ort = new OrtEngine(converted.onnxBytes(), 1); Dl4jEngine dl4j = new Dl4jEngine(lenet5)) {
            Outputs out = ort.run(images);

            assertThat(ort.inputName()).isEqualTo("input");
            assertThat(ort.displayName()).isEqualTo("ONNX Runtime");
            assertThat(out.count()).isEqualTo(200);
            assertThat(out.exampleShape().dims()).containsExactly(10);
            assertThat(maxDifference(out, dl4j.run(images))).isLessThanOrEqualTo(Dl4jToOnnx.TOLERANCE);
        }
    }

    @Test
    void oneThreadAndTwoThreadsGiveTheSameOutputs() throws Exception {
        try (OrtEngine one = new OrtEngine(converted.onnxBytes(), 1);
             OrtEngine two = new OrtEngine(converted.onnxBytes(), 2)) {
            assertThat(maxDifference(one.run(images), two.run(images))).isLessThanOrEqualTo(1e-6);
        }
    }

    /** An unstructured mask (every other conv2 weight zeroed) in the session equals zeroing it in DL4J. */
    @Test
    void overridingAnInitializerWithZerosEqualsZeroingTheWeightInDl4j() throws Exception {
        ParamInitializer conv2 = converted.initializerOf("conv2", "W").orElseThrow();
        float[] masked = lenet5.getLayer("conv2").getParam("W").dup('c').data().asFloat();
        for (int i = 0; i < masked.length; i += 2) {
            masked[i] = 0f;
        }
        MultiLayerNetwork zeroedInDl4j = lenet5.clone();
        INDArray w = zeroedInDl4j.getLayer("conv2").getParam("W");
        w.assign(Nd4j.create(masked, w.shape(), 'c'));

        try (OrtEngine maskedOrt = new OrtEngine(converted.onnxBytes(), 1,
                     Map.of(conv2.name(), new OrtEngine.InitializerValues(masked, conv2.dims())));
             OrtEngine plainOrt = new OrtEngine(converted.onnxBytes(), 1);
             Dl4jEngine maskedDl4j = new Dl4jEngine(zeroedInDl4j)) {
            Outputs maskedOut = maskedOrt.run(images);

            assertThat(maxDifference(maskedOut, maskedDl4j.run(images))).isLessThanOrEqualTo(Dl4jToOnnx.TOLERANCE);
            assertThat(maxDifference(maskedOut, plainOrt.run(images))).as("the mask changes the outputs")
                    .isGreaterThan(1e-2);
        }
    }

    @Test
    void refusesFewerThanOneThread() {
        assertThatThrownBy(() -> new OrtEngine(converted.onnxBytes(), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("intra-op threads must be at least 1, got 0");
    }

    @Test
    void overrideOfTheWrongSizeIsRefusedBeforeTheSession() {
        assertThatThrownBy(() -> new OrtEngine.InitializerValues(new float[5], new long[] {2, 3}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("shape [2, 3] needs 6 values, got 5");
    }

    private static double maxDifference(Outputs a, Outputs b) {
        assertThat(a.values()).hasSameSizeAs(b.values());
        double max = 0;
        for (int i = 0; i < a.values().length; i++) {
            max = Math.max(max, Math.abs(a.values()[i] - b.values()[i]));
        }
        return max;
    }
}
