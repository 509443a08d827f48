package dev.shears.onnx.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl;
import dev.shears.model.TensorShape;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.weights.WeightInitRelu;
import org.deeplearning4j.zoo.ZooModel;
import org.deeplearning4j.zoo.model.AlexNet;
import org.deeplearning4j.zoo.model.Darknet19;
import org.deeplearning4j.zoo.model.LeNet;
import org.deeplearning4j.zoo.model.ResNet50;
import org.deeplearning4j.zoo.model.SimpleCNN;
import org.deeplearning4j.zoo.model.SqueezeNet;
import org.deeplearning4j.zoo.model.TinyYOLO;
import org.deeplearning4j.zoo.model.UNet;
import org.deeplearning4j.zoo.model.VGG16;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * DL4J zoo architectures with random weights (init(), nothing downloaded), seeded BatchNorm
 * statistics and biases, at the smallest input each allows: they convert and ORT equals DL4J on
 * seeded Gaussian inputs, or they are refused with the sentence naming the layer.
 */
class ZooConversionTest {
    private static final long SEED = 5;

    static Stream<Arguments> small() {
        return Stream.of(
                zoo("LeNet", () -> LeNet.builder().numClasses(10).inputShape(new int[] {1, 28, 28}).build(), 1, 28, 28),
                zoo("SimpleCNN", () -> SimpleCNN.builder().numClasses(10).inputShape(new int[] {3, 48, 48}).build(),
                        3, 48, 48),
                zoo("SqueezeNet", () -> SqueezeNet.builder().numClasses(10).inputShape(new int[] {3, 64, 64}).build(),
                        3, 64, 64));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("small")
    void convertsEqual(String name, Supplier<ZooModel<?>> zoo, TensorShape input) throws Exception {
        assertConvertsEqual(zoo, input);
    }

    @Test
    void tinyYoloIsRefusedAtItsYoloOutputLayer() {
        Model network = TinyYOLO.builder().numClasses(10).inputShape(new int[] {3, 64, 64}).build().init();

        assertThatThrownBy(() -> Dl4jToOnnx.convert(network, TensorShape.of(3, 64, 64), SEED))
                .isInstanceOf(ConversionException.class)
                .hasMessage("Shears cannot convert layer 'outputs' (Yolo2OutputLayer) to ONNX yet.");
    }

    /** Tens of millions of weights each: about a minute and a half together on two cores. */
    @Nested
    @Tag("slow")
    class Large {
        static Stream<Arguments> large() {
            return Stream.of(
                    zoo("AlexNet", () -> AlexNet.builder().numClasses(10).inputShape(new int[] {3, 96, 96}).build(),
                            3, 96, 96),
                    zoo("Darknet19", () -> Darknet19.builder().numClasses(10).inputShape(new int[] {3, 64, 64})
                            .build(), 3, 64, 64),
                    zoo("VGG16", () -> VGG16.builder().numClasses(10).inputShape(new int[] {3, 32, 32}).build(),
                            3, 32, 32),
                    // the zoo's default init overflows to NaN through 50 layers; He init keeps outputs finite
                    zoo("ResNet50", () -> ResNet50.builder().numClasses(10).weightInit(new WeightInitRelu())
                            .inputShape(new int[] {3, 96, 96}).build(), 3, 96, 96),
                    zoo("UNet", () -> UNet.builder().inputShape(new int[] {3, 32, 32}).build(), 3, 32, 32));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("large")
        void convertsEqual(String name, Supplier<ZooModel<?>> zoo, TensorShape input) throws Exception {
            assertConvertsEqual(zoo, input);
        }
    }

    private static void assertConvertsEqual(Supplier<ZooModel<?>> zoo, TensorShape input) throws Exception {
        Model network = RandomParams.randomise(zoo.get().init(), SEED);

        ConvertedModel converted = Dl4jToOnnx.convert(network, input, SEED);

        assertThat(converted.maxDifference()).isLessThanOrEqualTo(Dl4jToOnnx.TOLERANCE);
        assertThat(converted.checkedExamples()).isEqualTo(Dl4jToOnnx.RANDOM_CHECK_EXAMPLES);
        OnnxMl.ModelProto model = OnnxMl.ModelProto.parseFrom(converted.onnxBytes());
        assertThat(model.getProducerName()).isEqualTo("Shears");
        assertThat(model.getOpsetImport(0).getVersion()).isEqualTo(13L);
        assertThat(model.getGraph().getInput(0).getType().getTensorType().getShape().getDim(0).getDimParam())
                .isEqualTo("batch");
    }

    private static Arguments zoo(String name, Supplier<ZooModel<?>> model, long... input) {
        return Arguments.of(name, model, TensorShape.of(input));
    }
}
