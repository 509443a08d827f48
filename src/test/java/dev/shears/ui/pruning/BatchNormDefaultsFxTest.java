package dev.shears.ui.pruning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.eval.AccuracyEstimate;
import dev.shears.pruning.criteria.Importance;
import dev.shears.pruning.recipes.PruningSpec;
import dev.shears.pruning.service.BatchNormReestimation;
import java.nio.file.Path;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The panel's defaults per model (decision 0032), on the real bundled samples and their Fashion-MNIST data. */
@ExtendWith(ApplicationExtension.class)
class BatchNormDefaultsFxTest {
    @TempDir
    Path settings;

    PruningOnSample opened;
    PruningViewModel pruning;

    @Start
    void start(Stage stage) {
        // the view models alone, on the FX thread as in the app
    }

    private void open(FxRobot robot, String sample) throws Exception {
        opened = PruningOnSample.open(robot, settings, sample);
        pruning = opened.pruning();
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
        AccuracyEstimate with = opened.completePreview();
        robot.interact(() -> pruning.reestimateBatchNormProperty().set(false));
        AccuracyEstimate without = opened.completePreview();

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
}
