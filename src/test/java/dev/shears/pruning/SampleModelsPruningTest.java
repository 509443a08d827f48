package dev.shears.pruning;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.shears.io.ModelLoader;
import dev.shears.io.SampleLocations;
import dev.shears.samples.SampleArchitectures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The trained bundled samples ({@code sample-models/*.zip}), when they have been trained. */
class SampleModelsPruningTest {
    @TempDir
    Path folder;

    static Stream<Arguments> samplesAndRatios() {
        return SampleArchitectures.NAMES.stream().flatMap(name -> Stream.of(Arguments.of(name, 0.3),
                Arguments.of(name, 0.7)));
    }

    @ParameterizedTest
    @MethodSource("samplesAndRatios")
    void shrunkTrainedSampleEqualsMaskedSample(String name, double ratio) throws Exception {
        Path file = SampleLocations.sampleModel(name);
        assumeTrue(Files.isRegularFile(file), "not trained yet: " + file);

        PruningRoundTrip.run(name + " (trained)", ModelLoader.load(file).network(), ratio, folder);
    }
}
