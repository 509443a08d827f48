package dev.shears.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.data.DataKind;
import dev.shears.data.DataProfile;
import dev.shears.data.DataRole;
import dev.shears.data.DataSets;
import dev.shears.data.DataSource;
import dev.shears.data.DataSpec;
import dev.shears.eval.tune.FineTuneListener;
import dev.shears.eval.tune.FineTuneResult;
import dev.shears.eval.tune.FineTuneSettings;
import dev.shears.eval.tune.FineTuner;
import dev.shears.export.ExportRequest;
import dev.shears.export.ExportResult;
import dev.shears.export.ExportService;
import dev.shears.io.LoadedModel;
import dev.shears.io.ModelData;
import dev.shears.io.ModelFiles;
import dev.shears.io.ModelLoader;
import dev.shears.model.ImageLayout;
import dev.shears.pruning.recipes.PruningSpecJson;
import dev.shears.pruning.service.PruningResult;
import dev.shears.pruning.service.PruningService;
import dev.shears.task.Cancellation;
import dev.shears.task.ProgressListener;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Not Fashion-MNIST: a DL4J model taking 32×32 RGB images with 2 classes, and a folder of the
 * user's images of any size (ants and bees, one sub-folder per class) as its only labelled source.
 * The whole loop — split, pruning checked on the images, sensitivity scan, fine-tuning, export
 * with test metrics — runs on that data.
 */
class YourModelYourDataTest {
    @TempDir
    static Path dir;
    private static LoadedModel model;
    private static DataSets data;

    @BeforeAll
    static void saveModelAndChooseData() throws Exception {
        MultiLayerNetwork rgb = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(7)
                .weightInit(WeightInit.XAVIER).updater(new Adam(1e-3)).convolutionMode(ConvolutionMode.Same).list()
                .layer(new ConvolutionLayer.Builder(3, 3).name("conv1").nOut(8).activation(Activation.RELU).build())
                .layer(new ConvolutionLayer.Builder(3, 3).name("conv2").nOut(8).stride(2, 2)
                        .activation(Activation.RELU).build())
                .layer(new GlobalPoolingLayer.Builder().name("gap").build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).name("output").nOut(2)
                        .activation(Activation.SOFTMAX).build())
                // flat input: the zip then records the image size (a preprocessor), so nothing is guessed
                .setInputType(InputType.convolutionalFlat(32, 32, 3)).build());
        rgb.init();
        Path file = dir.resolve("ants-bees.zip");
        ModelFiles.save(rgb, file);
        model = ModelLoader.load(file);
        DataSpec images = DataSpec.of(DataKind.IMAGE_FOLDER,
                Path.of(System.getProperty("shears.repo", "."), "src/test/resources/data/images"));
        data = ModelData.open(model.graph(), DataProfile.of(Optional.of(images), Optional.empty(),
                Optional.of(images)));
    }

    @Test
    void theImagesAreReadAsThirtyTwoPixelRgbAndSplitInTwo() throws Exception {
        DataSource validation = data.get(DataRole.VALIDATION).orElseThrow();
        DataSource test = data.get(DataRole.TEST).orElseThrow();

        assertThat(model.graph().input().image().orElseThrow().layout()).isEqualTo(ImageLayout.FLAT_CHW);
        assertThat(model.graph().input().assumed()).isFalse();
        assertThat(validation.exampleShape().dims()).containsExactly(3 * 32 * 32);
        assertThat(validation.classNames()).containsExactly("ants", "bees");
        assertThat(validation.size() + test.size()).isEqualTo(data.get(DataRole.TRAIN).orElseThrow().size());
        assertThat(data.notes()).containsExactly(DataSets.SPLIT_NOTE);
    }

    @Test
    void pruningIsCheckedOnTheUsersImages() throws Exception {
        PruningResult result = new PruningService(data.get(DataRole.VALIDATION)).run(model,
                PruningSpecJson.read("{\"version\": 1, \"ratio\": 0.5}"), ProgressListener.NONE, Cancellation.none());

        assertThat(result.report().equivalent()).isTrue();
        assertThat(result.report().checkInputs()).endsWith(" examples of images/ (image folder, 2 classes),"
                + " validation half");
        assertThat(result.report().after().params()).isLessThan(result.report().before().params());
    }

    @Test
    void theSensitivityScanMeasuresOnTheValidationHalf() throws Exception {
        DataSource validation = data.get(DataRole.VALIDATION).orElseThrow();
        SensitivityResult scan = SensitivityScan.run(model, validation, SensitivitySettings.defaults()
                .withRatios(List.of(0.5)), ProgressListener.NONE, Cancellation.none());

        assertThat(scan.images()).isEqualTo(validation.size());
        assertThat(scan.groups()).containsExactly("conv1", "conv2");
        assertThat(scan.baseline().accuracy()).isEqualTo(Evaluator.evaluate(model.network(), validation).accuracy());
    }

    @Test
    void fineTuningTrainsOnTheImagesAndKeepsTheBestValidatedEpoch() throws Exception {
        FineTuneResult tuned = FineTuner.of(data).tune(model.network(), List.of(),
                FineTuneSettings.defaults(2).withLearningRate(1e-3), FineTuneListener.NONE, Cancellation.none());

        assertThat(tuned.history()).hasSize(2);
        assertThat(Evaluator.evaluate(tuned.network(), data.get(DataRole.VALIDATION).orElseThrow()).accuracy())
                .isEqualTo(tuned.best().accuracy());
    }

    @Test
    void theExportReportsMetricsOnTheTestHalf() throws Exception {
        PruningResult result = new PruningService(data.get(DataRole.VALIDATION)).run(model,
                PruningSpecJson.read("{\"version\": 1, \"ratio\": 0.25}"), ProgressListener.NONE, Cancellation.none());
        ExportResult exported = ExportService.of(data).export(ExportRequest.of(model, result, dir.resolve("out"),
                "ants-bees-pruned"), ProgressListener.NONE, Cancellation.none());

        assertThat(exported.exported()).as(exported.message()).isTrue();
        int testSize = data.get(DataRole.TEST).orElseThrow().size();
        assertThat(exported.metrics().orElseThrow().after().examples()).isEqualTo(testSize);
        assertThat(exported.metricsSource()).isEqualTo("measured at export on images/ (image folder, 2 classes),"
                + " test half");
    }
}
