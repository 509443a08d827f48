package dev.shears.pruning.surgery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.samples.SampleArchitectures;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** LeNet-5: conv → pool → conv → pool → flatten (4×4 per channel) → dense → output. */
class LeNetFlattenPruningTest {
    @TempDir
    Path folder;

    @ParameterizedTest
    @CsvSource({"0.3, 14, 35, 350", "0.7, 6, 15, 150"})
    void shrunkLeNetEqualsMaskedLeNetAndHasTheExpectedSize(double ratio, int conv1, int conv2, int fc1)
            throws Exception {
        var result = PruningRoundTrip.run("lenet-5", SampleArchitectures.build("lenet-5", 12, 1e-3), ratio, folder);

        long expected = (conv1 * 25L + conv1) + (conv2 * conv1 * 25L + conv2)
                + (conv2 * 16L * fc1 + fc1) + (fc1 * 10L + 10);
        assertThat(result.shrunk().numParams()).isEqualTo(expected);
        assertThat(result.plan().before().params())
                .isEqualTo((20 * 25 + 20) + (50 * 20 * 25 + 50) + (800 * 500 + 500) + (500 * 10 + 10));
    }
}
