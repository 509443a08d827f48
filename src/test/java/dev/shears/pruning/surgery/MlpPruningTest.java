package dev.shears.pruning.surgery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.samples.SampleArchitectures;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** LeNet-300-100: dense → dense → output. */
class MlpPruningTest {
    @TempDir
    Path folder;

    @ParameterizedTest
    @CsvSource({"0.3, 210, 70", "0.7, 90, 30"})
    void shrunkMlpEqualsMaskedMlpAndHasTheExpectedSize(double ratio, int fc1, int fc2) throws Exception {
        var result = PruningRoundTrip.run("lenet-300-100", SampleArchitectures.build("lenet-300-100", 11, 1e-3), ratio, folder);

        long expected = 784L * fc1 + fc1 + (long) fc1 * fc2 + fc2 + fc2 * 10L + 10;
        assertThat(result.shrunk().numParams()).isEqualTo(expected);
        assertThat(result.plan().before().params()).isEqualTo(784L * 300 + 300 + 300 * 100 + 100 + 100 * 10 + 10);
        assertThat(result.plan().group("fc1").orElseThrow().kept()).hasSize(fc1);
    }
}
