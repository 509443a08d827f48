package dev.shears.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.shears.data.DataException;
import dev.shears.data.DataSource;
import dev.shears.engine.Dl4jEngine;
import dev.shears.engine.OrtEngine;
import dev.shears.io.DataSplit;
import dev.shears.io.FashionMnist;
import dev.shears.io.LoadedModel;
import dev.shears.io.ModelLoader;
import dev.shears.io.NetworkGraphReader;
import dev.shears.io.SampleLocations;
import dev.shears.task.Cancellation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The fast scan (the network converted to ONNX once, each group's readers masked in ONNX Runtime)
 * finds what the DL4J scan (every point a physically smaller network, evaluated in DL4J) finds, on
 * the trained samples: a CNN with BatchNorm, a residual ComputationGraph and an MLP, on the first
 * 300 validation images. Same plans, and per point the same number of correctly classified images;
 * the losses differ by float rounding only. A network that does not convert is scanned in DL4J, and
 * the scan says why.
 */
class SensitivityScanOnOrtTest {
    private static final int IMAGES = 300;
    private static final SensitivitySettings SETTINGS = SensitivitySettings.defaults().withImages(IMAGES)
            .withRatios(List.of(0.3, 0.7));

    @AfterEach
    void automatic() {
        Engines.prefer(Engines.Choice.AUTO);
    }

    @ParameterizedTest
    @ValueSource(strings = {"bn-cnn", "mini-resnet", "lenet-300-100"})
    void maskedOnnxScanCountsTheSameCorrectImagesAsTheDl4jScanAtEveryPoint(String sample) throws Exception {
        Path file = SampleLocations.sampleModel(sample);
        assumeTrue(Files.isRegularFile(file), "not trained yet: " + file);
        LoadedModel model = ModelLoader.load(file);
        DataSource validation = FashionMnist.load(SampleLocations.fashionMnistFolder(), DataSplit.VALIDATION);

        Engines.prefer(Engines.Choice.DL4J);
        SensitivityScan.Scan dl4j = scan(model, validation);
        Engines.prefer(Engines.Choice.AUTO);
        SensitivityScan.Scan ort = scan(model, validation);

        assertThat(dl4j.engine()).isEqualTo(Dl4jEngine.NAME);
        assertThat(ort.engine()).isEqualTo(OrtEngine.NAME);
        assertThat(ort.notes()).as("every group masked, none measured plan by plan").isEmpty();
        SensitivityResult expected = dl4j.result();
        SensitivityResult actual = ort.result();
        assertThat(actual.skipped()).isEqualTo(expected.skipped());
        assertThat(correct(actual.baseline().accuracy())).isEqualTo(correct(expected.baseline().accuracy()));
        assertThat(actual.baseline().loss()).isCloseTo(expected.baseline().loss(), within(1e-5));
        assertThat(actual.rows()).hasSameSizeAs(expected.rows()).hasSize(ort.cells());
        for (int i = 0; i < expected.rows().size(); i++) {
            SensitivityRow e = expected.rows().get(i);
            SensitivityRow a = actual.rows().get(i);
            String point = e.group() + " −" + e.ratio();
            assertThat(List.of(a.group(), a.layers(), a.channels(), a.ratio(), a.keptChannels(), a.params(), a.macs()))
                    .as(point).isEqualTo(List.of(e.group(), e.layers(), e.channels(), e.ratio(), e.keptChannels(),
                            e.params(), e.macs()));
            assertThat(correct(a.accuracy())).as(point).isEqualTo(correct(e.accuracy()));
            assertThat(a.loss()).as(point).isCloseTo(e.loss(), within(1e-5));
        }
        assertThat(expected.rows()).as("pruning changed the predictions: the comparison is not vacuous")
                .anyMatch(r -> correct(r.accuracy()) < correct(expected.baseline().accuracy()));
    }

    @Test
    void aNetworkThatDoesNotConvertIsScannedInDl4jAndSaysWhyUnlessOnnxRuntimeWasAskedFor() throws Exception {
        MultiLayerNetwork cube = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(7).list()
                .layer(new DenseLayer.Builder().nIn(784).nOut(12).activation(Activation.CUBE).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10)
                        .activation(Activation.SOFTMAX).build())
                .build());
        cube.init();
        SensitivityTarget target = new SensitivityTarget.Dl4j(cube, NetworkGraphReader.read(cube));
        DataSource validation = FashionMnist.load(SampleLocations.fashionMnistFolder(), DataSplit.VALIDATION);
        SensitivitySettings settings = SETTINGS.withImages(100);

        SensitivityScan.Scan scan = SensitivityScan.scan(target, validation, settings, SensitivityShard.WHOLE,
                (f, m) -> { }, Cancellation.none());
        Engines.prefer(Engines.Choice.ORT);

        assertThat(scan.engine()).isEqualTo(Dl4jEngine.NAME);
        assertThat(scan.notes()).singleElement().asString().startsWith("the network does not convert to ONNX (")
                .contains("its activation cube has no ONNX equivalent in Shears yet), so every point was measured in"
                        + " DL4J, more slowly");
        assertThat(scan.result().rows()).hasSize(2);
        assertThatThrownBy(() -> SensitivityScan.scan(target, validation, settings, SensitivityShard.WHOLE,
                (f, m) -> { }, Cancellation.none())).isInstanceOf(DataException.class)
                .hasMessageStartingWith("ONNX Runtime cannot evaluate this model (")
                .hasMessageEndingWith("use the DL4J engine (--engine dl4j)");
    }

    private static SensitivityScan.Scan scan(LoadedModel model, DataSource validation) throws Exception {
        return SensitivityScan.scan(SensitivityTarget.of(model), validation, SETTINGS, SensitivityShard.WHOLE,
                (f, m) -> { }, Cancellation.none());
    }

    private static long correct(double accuracy) {
        return Math.round(accuracy * IMAGES);
    }
}
