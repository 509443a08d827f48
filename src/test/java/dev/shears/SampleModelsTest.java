package dev.shears;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.eval.EvaluationResult;
import dev.shears.eval.Evaluator;
import dev.shears.io.DataSplit;
import dev.shears.io.FashionMnist;
import dev.shears.io.LoadedModel;
import dev.shears.io.ModelLoader;
import dev.shears.io.SampleLocations;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The bundled sample models: they load, our counts match DL4J's, and they reach their accuracy on the test split. */
class SampleModelsTest {
    private static FashionMnist test;

    @BeforeAll
    static void loadTestSplit() throws Exception {
        test = FashionMnist.load(SampleLocations.fashionMnistFolder(), DataSplit.TEST);
    }

    @ParameterizedTest(name = "{0} reaches {1} on the test split")
    @CsvSource({
        "lenet-300-100, 0.875, MultiLayerNetwork",
        "lenet-5,       0.900, MultiLayerNetwork",
        "bn-cnn,        0.915, MultiLayerNetwork",
        "mini-resnet,   0.915, ComputationGraph"})
    void sampleLoadsCountsMatchDl4jAndReachesItsAccuracy(String name, double minAccuracy, String type)
            throws Exception {
        Path file = SampleLocations.sampleModel(name);
        assertThat(Files.size(file)).isLessThan(20L * 1024 * 1024);

        LoadedModel loaded = ModelLoader.load(file);
        assertThat(loaded.graph().modelType()).isEqualTo(type);
        assertThat(loaded.network()).isInstanceOf(type.equals("ComputationGraph") ? ComputationGraph.class
                : MultiLayerNetwork.class);
        assertThat(loaded.graph().totalParams()).isEqualTo(loaded.network().numParams());
        assertThat(loaded.graph().inputShapeAssumed()).isFalse();

        EvaluationResult result = Evaluator.evaluate(loaded.network(), test);
        assertThat(result.examples()).isEqualTo(5_000);
        assertThat(result.accuracy()).isGreaterThanOrEqualTo(minAccuracy);
        assertThat(result.top5Accuracy()).isGreaterThanOrEqualTo(result.accuracy());
    }
}
