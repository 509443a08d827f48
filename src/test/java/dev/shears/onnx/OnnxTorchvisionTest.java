package dev.shears.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.shears.analysis.DependencyAnalyzer;
import dev.shears.model.ChannelGroup;
import dev.shears.model.ChannelGroups;
import dev.shears.pruning.CriterionName;
import dev.shears.pruning.Scope;
import dev.shears.pruning.plan.PruningPlan;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * torchvision's ResNet-18 and MobileNetV2 as PyTorch exports them (random weights, BatchNorm folded
 * into the Convs; the untrained variants share their all-zero biases through Identity nodes), made by
 * {@code src/test/fixtures/onnx/make_torchvision.py} into target/torchvision/ (too big to commit):
 * every channel group but the classifier's is prunable, and 30 % of every group by L1 gives a smaller
 * file that ONNX Runtime finds computing what the masked model computes. Skipped when the files have
 * not been made.
 */
class OnnxTorchvisionTest {
    static final Path FOLDER = Path.of(System.getProperty("shears.repo", "."), "target", "torchvision");

    @TempDir
    Path temp;

    static Path model(String name) {
        Path file = FOLDER.resolve(name + ".onnx");
        assumeTrue(Files.exists(file), file + " is absent: run /usr/bin/python3 "
                + "src/test/fixtures/onnx/make_torchvision.py to make it");
        return file;
    }

    @ParameterizedTest
    @CsvSource({"resnet18, /fc/Gemm", "mobilenet_v2, /classifier/classifier.1/Gemm", "resnet18_untrained, /fc/Gemm",
        "mobilenet_v2_untrained, /classifier/classifier.1/Gemm"})
    void thirtyPercentOfEveryGroupShrinksToWhatTheMaskedModelComputes(String name, String classifier) throws Exception {
        Path file = model(name);
        OnnxNetwork network = OnnxGraphReader.read(OnnxModel.read(file));
        ChannelGroups groups = DependencyAnalyzer.analyze(network.graph());
        assertThat(groups.groups().stream().filter(g -> !g.prunable()).map(ChannelGroup::name))
                .containsExactly(classifier);

        PruningPlan plan = OnnxSurgeryTest.plan(network, CriterionName.L1, 0.3, Scope.PER_LAYER);
        OnnxModel shrunk = OnnxSurgeon.shrink(network, plan);
        OnnxModel masked = OnnxMasker.masked(network, plan);

        float[] inputs = OnnxInference.gaussianInputs(network.model(), 2, 5);
        assertThat(OnnxEquivalence.maxDifference(shrunk, masked, inputs, 2))
                .isLessThanOrEqualTo(OnnxEquivalence.TOLERANCE);
        Path written = temp.resolve(name + ".onnx");
        shrunk.write(written);
        assertThat(Files.size(written)).isLessThan(Files.size(file));
        assertThat(OnnxSurgeryTest.params(OnnxGraphReader.read(OnnxModel.read(written))))
                .isEqualTo(plan.after().params());
    }
}
