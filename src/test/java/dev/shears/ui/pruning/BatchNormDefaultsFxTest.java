package dev.shears.ui.pruning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.eval.AccuracyEstimate;
import dev.shears.pruning.criteria.Importance;
import dev.shears.pruning.recipes.PruningSpec;
import dev.shears.pruning.service.BatchNormReestimation;
import dev.shears.ui.shell.MainViewModel;
import dev.shears.ui.shell.RecentFiles;
import dev.shears.ui.task.TaskRunner;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The panel's defaults per model (decision 0032), on the real bundled samples and their Fashion-MNIST data. */
@ExtendWith(ApplicationExtension.class)
class BatchNormDefaultsFxTest {
    @TempDir
    Path settings;

    MainViewModel main;
    PruningViewModel pruning;

    @Start
    void start(Stage stage) {
        // the view models alone, on the FX thread as in the app
    }

    private void open(FxRobot robot, String sample) throws Exception {
        robot.interact(() -> {
            main = new MainViewModel(new TaskRunner(), new RecentFiles(settings));
            pruning = new PruningViewModel(main.runner(), main);
            main.openSample(sample);
        });
        WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, () -> pruning.plannerProperty().get() != null
                && main.dataProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void onBnCnnThePreviewReestimatesBatchNormByDefaultAndThatKeepsFarMoreAccuracyThanWithout(FxRobot robot)
            throws Exception {
        open(robot, "bn-cnn");
        assertThat(pruning.whyNoBatchNormReestimationProperty().get()).isEmpty();
        assertThat(pruning.importanceProperty().get()).isEqualTo(Importance.GROUP_MEAN);

        robot.interact(() -> {
            pruning.importanceProperty().set(Importance.PRODUCER); // where re-estimating matters most (0032)
            pruning.maxLayerRatioProperty().set(0.8);
            pruning.ratioProperty().set(0.5);
        });
        PruningSpec reestimating = pruning.specProperty().get();
        AccuracyEstimate with = completePreview();
        robot.interact(() -> pruning.reestimateBatchNormProperty().set(false));
        AccuracyEstimate without = completePreview();

        assertThat(reestimating.batchNormExamples()).isEqualTo(BatchNormReestimation.DEFAULT_EXAMPLES);
        assertThat(pruning.specProperty().get().reestimatesBatchNorm()).isFalse();
        // measured on the 5,000 validation images: about 44 % without, 67 % with
        assertThat(with.accuracy()).isGreaterThan(without.accuracy() + 0.15);
        assertThat(PruningViewModel.describe(reestimating)).endsWith(", BatchNorm re-estimated)");
    }

    @Test
    void aModelWithoutBatchNormIsScoredByItsProducerAndHasNothingToReestimate(FxRobot robot) throws Exception {
        open(robot, "lenet-5");

        assertThat(pruning.importanceProperty().get()).isEqualTo(Importance.PRODUCER);
        assertThat(pruning.whyNoBatchNormReestimationProperty().get()).isEqualTo(PruningViewModel.NO_BATCH_NORM);
        robot.interact(() -> pruning.ratioProperty().set(0.5));
        assertThat(pruning.specProperty().get().reestimatesBatchNorm()).isFalse();
        assertThat(pruning.specProperty().get().maxLayerRatio()).isEqualTo(PruningSpec.DEFAULT_MAX_LAYER_RATIO);
    }

    private AccuracyEstimate completePreview() throws Exception {
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> pruning.previewProperty().get() == null
                || !pruning.previewProperty().get().complete());
        WaitForAsyncUtils.waitFor(180, TimeUnit.SECONDS, () -> pruning.previewProperty().get() != null
                && pruning.previewProperty().get().complete());
        WaitForAsyncUtils.waitForFxEvents();
        return pruning.previewProperty().get();
    }
}
