package dev.shears.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shears.data.Examples;
import dev.shears.io.DataSplit;
import dev.shears.io.FashionMnist;
import dev.shears.pruning.CriterionName;
import dev.shears.pruning.Scope;
import dev.shears.pruning.plan.PruningPlan;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The trained fashion_cnn.onnx under ONNX Runtime on Fashion-MNIST t10k images 5000–9999: the same
 * correct predictions PyTorch counted when it exported the model, and what one-shot L1 pruning per
 * layer leaves of them.
 */
class OnnxFashionAccuracyTest {
    private static final Path DATA = Path.of("sample-models/data/fashion-mnist");
    private static Examples test;
    private static OnnxNetwork network;

    @BeforeAll
    static void load() throws Exception {
        FashionMnist split = FashionMnist.load(DATA, DataSplit.TEST);
        test = split.read(0, split.size());
        network = OnnxGraphReader.read(OnnxModel.read(OnnxModelTest.FIXTURES.resolve("fashion_cnn.onnx")));
    }

    /** Correct top-1 predictions; the flat 784-pixel rows are the [1, 28, 28] images in C order. */
    private static int correct(OnnxModel model) throws Exception {
        assertThat(OnnxInference.exampleShape(model)).containsExactly(1, 28, 28);
        float[][] logits = OnnxInference.outputs(model, test.features(), test.count());
        int[] labels = test.labels().orElseThrow();
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            int best = 0;
            for (int c = 1; c < logits[i].length; c++) {
                if (logits[i][c] > logits[i][best]) {
                    best = c;
                }
            }
            correct += best == labels[i] ? 1 : 0;
        }
        return correct;
    }

    @Test
    void onnxRuntimeCountsTheCorrectPredictionsPyTorchCounted() throws Exception {
        JsonNode measured = new ObjectMapper().readTree(OnnxModelTest.FIXTURES.resolve("fashion_cnn.json").toFile());
        assertThat(test.count()).isEqualTo(5000);
        // the JSON rounds the accuracy to 4 decimals, which on 5000 images is an exact count
        int pyTorchCorrect = (int) Math.round(measured.get("accuracy").asDouble() * test.count());

        assertThat(correct(network.model())).isEqualTo(pyTorchCorrect);
    }

    /**
     * Measured once with this code (ONNX Runtime 1.29, CPU): 3922 and 2338 of 5000 correct, down from
     * 4322; the shrunk models agree with their masked references on every test image.
     */
    @Test
    void oneShotL1PerLayerAccuraciesAt30And50PercentOfChannels() throws Exception {
        PruningPlan thirty = OnnxSurgeryTest.plan(network, CriterionName.L1, 0.3, Scope.PER_LAYER);
        PruningPlan half = OnnxSurgeryTest.plan(network, CriterionName.L1, 0.5, Scope.PER_LAYER);
        OnnxModel shrunkThirty = OnnxSurgeon.shrink(network, thirty);
        OnnxModel shrunkHalf = OnnxSurgeon.shrink(network, half);

        assertThat(correct(shrunkThirty)).isEqualTo(3922);
        assertThat(correct(shrunkHalf)).isEqualTo(2338);
        assertThat(thirty.after().params()).isEqualTo(6682);
        assertThat(half.after().params()).isEqualTo(4314);
        assertThat(OnnxEquivalence.maxDifference(shrunkHalf, OnnxMasker.masked(network, half), test.features(),
                test.count())).isLessThanOrEqualTo(OnnxEquivalence.TOLERANCE);
    }
}
