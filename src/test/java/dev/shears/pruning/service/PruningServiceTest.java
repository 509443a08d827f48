package dev.shears.pruning.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shears.FashionSplits;
import dev.shears.io.LoadedModel;
import dev.shears.io.ModelFiles;
import dev.shears.io.ModelLoader;
import dev.shears.io.SampleLocations;
import dev.shears.pruning.PruningSpecException;
import dev.shears.pruning.equivalence.Equivalence;
import dev.shears.pruning.plan.UnstructuredPlan;
import dev.shears.pruning.recipes.PruningSpecJson;
import dev.shears.pruning.reports.LayerReport;
import dev.shears.pruning.reports.PruningReport;
import dev.shears.pruning.surgery.PruningRoundTrip;
import dev.shears.samples.SampleArchitectures;
import dev.shears.task.Cancellation;
import dev.shears.task.ProgressListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The service end to end on a saved BN CNN (random weights, trained-looking BatchNorms). */
class PruningServiceTest {
    @TempDir
    static Path folder;
    private static Path bnCnnFile;
    private static PruningService service;

    @BeforeAll
    static void saveBnCnn() throws Exception {
        bnCnnFile = folder.resolve("bn-cnn.zip");
        ModelFiles.save(PruningRoundTrip.withTrainedLookingBatchNorms(SampleArchitectures.build("bn-cnn", 42, 1e-3), 8),
                bnCnnFile);
        service = new PruningService(Optional.of(FashionSplits.validation()));
    }

    private static PruningResult run(String recipe) throws Exception {
        return service.run(ModelLoader.load(bnCnnFile), PruningSpecJson.read(recipe), ProgressListener.NONE,
                Cancellation.none());
    }

    @Test
    void structuredRunShrinksProvesEquivalenceAndReportsEveryLayer() throws Exception {
        byte[] fileBefore = Files.readAllBytes(bnCnnFile);
        LoadedModel model = ModelLoader.load(bnCnnFile);
        INDArray paramsBefore = model.network().params().dup();
        List<Double> fractions = new ArrayList<>();

        PruningResult result = service.run(model, PruningSpecJson.read("{\"version\": 1, \"ratio\": 0.5}"),
                (fraction, message) -> fractions.add(fraction), Cancellation.none());

        PruningReport report = result.report();
        assertThat(result.network().numParams()).isEqualTo(report.after().params()).isEqualTo(report.storedParams());
        assertThat(report.before().params()).isEqualTo(model.network().numParams());
        assertThat(report.equivalence()).get().satisfies(e -> {
            assertThat(e.examples()).isEqualTo(256);
            assertThat(e.maxAbsDifference()).isLessThanOrEqualTo(Equivalence.TOLERANCE);
        });
        assertThat(report.equivalent()).isTrue();
        assertThat(report.checkInputs()).contains("Fashion-MNIST validation");
        assertThat(report.outputChange().maxAbsDifference()).isGreaterThan(1e-6);
        assertThat(report.keptChannelRatio()).isEqualTo((12 + 24 + 48 + 64) / (double) (24 + 48 + 96 + 128));
        assertThat(report.keptParamRatio()).isLessThan(report.keptChannelRatio());
        assertThat(report.layers().stream().mapToLong(LayerReport::paramsAfter).sum()).isEqualTo(report.after().params());
        assertThat(report.layers().stream().mapToLong(LayerReport::macsAfter).sum()).isEqualTo(report.after().macs());
        assertThat(report.layers()).filteredOn(l -> l.name().equals("conv2")).singleElement()
                .satisfies(l -> assertThat(l.channelsAfter()).isEqualTo(24))
                .satisfies(l -> assertThat(l.paramsAfter()).isEqualTo(24 * 12 * 9 + 24));
        assertThat(report.provenance().sourceSha256()).hasSize(64);
        assertThat(fractions).isSorted().last().isEqualTo(1.0);
        assertThat(Files.readAllBytes(bnCnnFile)).as("input file untouched").isEqualTo(fileBefore);
        assertThat(model.network().params()).as("loaded network untouched").isEqualTo(paramsBefore);
        System.out.printf("service bn-cnn l1 50%%: params %d -> %d, MACs %d -> %d, max |shrunk - masked| = %.3g%n",
                report.before().params(), report.after().params(), report.before().macs(), report.after().macs(),
                report.equivalence().orElseThrow().maxAbsDifference());
    }

    @Test
    void dataAndBatchNormCriteriaRunThroughTheService() throws Exception {
        // l2, fpgm and random need nothing from the service beyond what l1 does (PlannerTest, criterion tests)
        for (String criterion : List.of("bn-gamma", "taylor")) {
            PruningReport report = run("{\"version\": 1, \"scope\": \"global\", \"criterion\": \"" + criterion
                    + "\", \"ratio\": 0.4, \"roundTo\": 4}").report();

            assertThat(report.equivalent()).as(criterion).isTrue();
            assertThat(report.after().params()).as(criterion).isLessThan(report.before().params());
            if (criterion.equals("bn-gamma")) {
                assertThat(report.skipped()).containsOnlyKeys("fc1");
            }
        }
    }

    @Test
    void unstructuredRunZeroesWeightsButKeepsTheStoredSize() throws Exception {
        PruningResult result = run("""
                {"version": 1, "mode": "unstructured", "scope": "global", "ratio": 0.9, "ignore": ["output"]}""");

        PruningReport report = result.report();
        UnstructuredPlan plan = (UnstructuredPlan) result.plan();
        assertThat(report.storedParams()).isEqualTo(report.before().params());
        assertThat(report.after().params()).isEqualTo(report.before().params() - plan.prunedWeights());
        assertThat(plan.mask("output", "W")).isEmpty();
        assertThat(report.equivalence()).isEmpty();
        assertThat(report.keptChannelRatio()).isEqualTo(1);
        assertThat(report.outputChange().maxAbsDifference()).isGreaterThan(1e-6);
    }

    @Test
    void networksThatDoNotTakeFashionMnistAreCheckedOnRandomInputsAndCannotUseTaylor() throws Exception {
        MultiLayerNetwork rgb = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1)
                .convolutionMode(ConvolutionMode.Same).list()
                .layer(new ConvolutionLayer.Builder(3, 3).name("conv").nOut(8).activation(Activation.RELU).build())
                .layer(new GlobalPoolingLayer.Builder().name("gap").build())
                .layer(new OutputLayer.Builder().name("output").nOut(5).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(16, 16, 3)).build());
        rgb.init();
        Path file = folder.resolve("rgb.zip");
        ModelFiles.save(rgb, file);
        LoadedModel model = ModelLoader.load(file);

        PruningReport report = service.run(model, PruningSpecJson.read("{\"version\": 1, \"ratio\": 0.5}"),
                ProgressListener.NONE, Cancellation.none()).report();

        // the file does not record the input size and a global pooling takes any: ImageNet's 224×224 is a guess
        assertThat(report.checkInputs()).isEqualTo("2 seeded random inputs of guessed shape [3, 224, 224] (Fashion-MNIST"
                + " validation split (5000 images) gives examples of shape [784], but the model takes [3, 224, 224]"
                + " (224×224 RGB images))");
        assertThat(report.equivalent()).isTrue();
        assertThatThrownBy(() -> service.run(model, PruningSpecJson.read(
                "{\"version\": 1, \"criterion\": \"taylor\", \"ratio\": 0.5}"), ProgressListener.NONE,
                Cancellation.none())).isInstanceOf(PruningSpecException.class)
                .hasMessageStartingWith("criterion: 'taylor' needs labelled validation data that fits the model");
    }

    @Test
    void aCancelledRunStopsWithoutAResult() {
        Cancellation cancellation = Cancellation.none();
        cancellation.cancel();

        assertThatThrownBy(() -> service.run(ModelLoader.load(bnCnnFile), PruningSpecJson.read(
                "{\"version\": 1, \"ratio\": 0.5}"), ProgressListener.NONE, cancellation))
                .isInstanceOf(Cancellation.CancelledException.class);
    }
}
