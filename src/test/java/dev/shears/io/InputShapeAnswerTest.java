package dev.shears.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shears.model.NetworkGraph;
import dev.shears.model.TensorShape;
import dev.shears.samples.SampleArchitectures;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model whose file does not record its input size is read again with the size a user gives: shapes
 * and MACs follow the answer, the guess flag goes, and a size a layer refuses is a sentence naming it.
 */
class InputShapeAnswerTest {
    @TempDir
    static Path dir;
    static Path anySize;

    @BeforeAll
    static void save() throws Exception {
        anySize = dir.resolve("any-size.zip");
        ModelFiles.save(InputSizesTest.globalPoolingNet(3), anySize);
    }

    @Test
    void theAnswerReplacesTheGuessInShapesAndMacs() throws Exception {
        LoadedModel guessed = ModelLoader.load(anySize);
        assertThat(guessed.graph().inputShapeAssumed()).isTrue();
        assertThat(guessed.graph().node("conv").orElseThrow().outputShape()).isEqualTo(TensorShape.of(4, 224, 224));
        assertThat(guessed.backend().acceptedInputs()).contains("any size");

        LoadedModel answered = guessed.withInputShape(TensorShape.of(3, 32, 40));

        NetworkGraph graph = answered.graph();
        assertThat(graph.inputShapeAssumed()).isFalse();
        assertThat(graph.input().assumed()).isFalse();
        assertThat(graph.input().shape()).isEqualTo(TensorShape.of(3, 32, 40));
        assertThat(graph.node("conv").orElseThrow().outputShape()).isEqualTo(TensorShape.of(4, 32, 40));
        assertThat(graph.node("conv").orElseThrow().macs()).isEqualTo(4L * 3 * 9 * 32 * 40);
        assertThat(answered.backend().acceptedInputs()).isEmpty();
        assertThat(ModelLoader.load(anySize, TensorShape.of(3, 32, 40)).graph().input().shape())
                .isEqualTo(TensorShape.of(3, 32, 40));
    }

    @Test
    void theAnswerSurvivesPruningsNewNetwork() throws Exception {
        LoadedModel answered = ModelLoader.load(anySize, TensorShape.of(3, 16, 16));

        LoadedModel changed = answered.withNetwork(((org.deeplearning4j.nn.graph.ComputationGraph) answered.network()).clone(), 0);

        assertThat(changed.graph().input().shape()).isEqualTo(TensorShape.of(3, 16, 16));
        assertThat(changed.graph().inputShapeAssumed()).isFalse();
    }

    @Test
    void aSizeALayerRefusesIsASentenceNamingTheLayer() throws Exception {
        LoadedModel guessed = ModelLoader.load(anySize);

        assertThatThrownBy(() -> guessed.withInputShape(TensorShape.of(1, 32, 32)))
                .isInstanceOf(ModelLoadException.class)
                .hasMessage("any-size.zip: the layers do not take 1×32×32: 'conv' takes 3 channels, and gets 1"
                        + " (from 1×32×32)");
        assertThatThrownBy(() -> guessed.withInputShape(TensorShape.of(3, 32)))
                .isInstanceOf(ModelLoadException.class)
                .hasMessage("any-size.zip: the model takes images: give C,H,W (channels, height, width), not 3,32");
    }

    @Test
    void aRecordedSizeGivenAgainChangesNothingAndAnotherIsChecked() throws Exception {
        Path lenet = dir.resolve("lenet-5.zip");
        ModelFiles.save(SampleArchitectures.build("lenet-5", 42, 1e-3), lenet);
        LoadedModel recorded = ModelLoader.load(lenet);
        assertThat(recorded.graph().inputShapeAssumed()).isFalse();

        assertThat(recorded.withInputShape(TensorShape.of(1, 28, 28))).isSameAs(recorded);
        assertThatThrownBy(() -> recorded.withInputShape(TensorShape.of(1, 32, 32)))
                .hasMessageStartingWith("lenet-5.zip: the layers do not take 1×32×32: the preprocessor of");
    }

    @Test
    void sizesAreTypedAsChannelsHeightWidth() {
        assertThat(InputShapes.parse("3,224,224")).isEqualTo(TensorShape.of(3, 224, 224));
        assertThat(InputShapes.parse(" 1 × 28 × 28 ")).isEqualTo(TensorShape.of(1, 28, 28));
        assertThat(InputShapes.parse("784")).isEqualTo(TensorShape.of(784));
        assertThat(InputShapes.format(TensorShape.of(3, 32, 40))).isEqualTo("3,32,40");
        assertThatThrownBy(() -> InputShapes.parse("3,abc,224")).hasMessageContaining("C,H,W")
                .hasMessageContaining("'3,abc,224'");
        assertThatThrownBy(() -> InputShapes.parse("3,0,224")).hasMessageContaining("positive");
        assertThatThrownBy(() -> InputShapes.parse("1,3,224,224")).hasMessageContaining("C,H,W");
        assertThatThrownBy(() -> InputShapes.parse("")).hasMessageContaining("C,H,W");
    }
}
