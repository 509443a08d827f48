package dev.shears.pruning.surgery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.samples.SampleArchitectures;
import java.nio.file.Path;
import org.deeplearning4j.nn.api.Model;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** bn-cnn: 3 × (conv → BatchNorm (log10stdev) → ReLU → pool) → flatten (4×4) → dense → output. */
class ConvBatchNormPruningTest {
    @TempDir
    Path folder;

    @ParameterizedTest
    @CsvSource({"0.3, 17, 34, 68, 90", "0.7, 8, 15, 29, 39"})
    void shrunkBatchNormCnnEqualsMaskedAndHasTheExpectedSize(double ratio, int c1, int c2, int c3, int fc1)
            throws Exception {
        Model network = PruningRoundTrip.withTrainedLookingBatchNorms(SampleArchitectures.build("bn-cnn", 13, 1e-3), 5);

        var result = PruningRoundTrip.run("bn-cnn", network, ratio, folder);

        long convs = (c1 * 9L + c1) + (c2 * c1 * 9L + c2) + (c3 * c2 * 9L + c3);
        long batchNorms = 4L * (c1 + c2 + c3);
        long dense = (c3 * 16L * fc1 + fc1) + (fc1 * 10L + 10);
        assertThat(result.shrunk().numParams()).isEqualTo(convs + batchNorms + dense);
    }
}
