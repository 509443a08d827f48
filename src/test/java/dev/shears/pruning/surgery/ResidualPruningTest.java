package dev.shears.pruning.surgery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.pruning.planning.Planner;
import dev.shears.samples.SampleArchitectures;
import java.nio.file.Path;
import org.deeplearning4j.nn.api.Model;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * mini-resnet: residual adds with an identity and a projection shortcut (1×1 strided conv + BN),
 * global average pooling, output. Each add joins every branch into one channel group.
 */
class ResidualPruningTest {
    @TempDir
    Path folder;

    @ParameterizedTest
    @ValueSource(doubles = {0.3, 0.7})
    void shrunkResNetEqualsMaskedResNet(double ratio) throws Exception {
        Model network = PruningRoundTrip.withTrainedLookingBatchNorms(
                SampleArchitectures.build("mini-resnet", 14, 1e-3), 6);

        var result = PruningRoundTrip.run("mini-resnet", network, ratio, folder);

        // every group keeps the same share: n (24-wide groups) and w (48-wide groups)
        int n = Planner.keptCount(24, ratio, 1, 1);
        int w = Planner.keptCount(48, ratio, 1, 1);
        assertThat(result.plan().group("stem").orElseThrow().kept()).hasSize(n);
        assertThat(result.plan().group("block2_conv2").orElseThrow().kept()).hasSize(w);
        long stem = convBn(3, 1, n);
        long block1 = convBn(3, n, n) + convBn(3, n, n);
        long block2 = convBn(3, n, w) + convBn(3, w, w) + convBn(1, n, w);
        long block3 = convBn(3, w, w) + convBn(3, w, w);
        long output = w * 10L + 10;
        assertThat(result.shrunk().numParams()).isEqualTo(stem + block1 + block2 + block3 + output);
    }

    /** A k×k conv from nIn to nOut channels with bias, plus a BatchNorm's four vectors. */
    private static long convBn(int k, int nIn, int nOut) {
        return (long) k * k * nIn * nOut + nOut + 4L * nOut;
    }
}
