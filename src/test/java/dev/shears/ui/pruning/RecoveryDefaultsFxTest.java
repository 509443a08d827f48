package dev.shears.ui.pruning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.eval.AccuracyEstimate;
import dev.shears.pruning.PruningMode;
import dev.shears.pruning.criteria.Importance;
import dev.shears.pruning.recipes.PruningSpec;
import dev.shears.pruning.service.BatchNormReestimation;
import dev.shears.pruning.service.LayerRefit;
import java.nio.file.Path;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The panel's defaults per model and what follows the pruning (decisions 0032, 0034), on the real bundled samples
 * and their Fashion-MNIST data.
 */
@ExtendWith(ApplicationExtension.class)
class RecoveryDefaultsFxTest {
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
    void halfOfMiniResnetIsPreviewedRefittedByDefaultAndKeepsAUsableModelWhereKeptAsPrunedItGuesses(FxRobot robot)
            throws Exception {
        open(robot, "mini-resnet");
        assertThat(pruning.recoveryProperty().get()).isEqualTo(Recovery.REFIT);
        assertThat(pruning.whyNoRecoveryProperty().get()).isEmpty();

        robot.interact(() -> pruning.ratioProperty().set(0.5));
        PruningSpec refitting = pruning.specProperty().get();
        AccuracyEstimate refitted = opened.completePreview();
        robot.interact(() -> pruning.recoveryProperty().set(Recovery.NONE));
        AccuracyEstimate kept = opened.completePreview();

        assertThat(refitting.refitExamples()).isEqualTo(LayerRefit.DEFAULT_EXAMPLES);
        assertThat(refitting.reestimatesBatchNorm()).isFalse();
        assertThat(pruning.specProperty().get().refits()).isFalse();
        // measured on the 5,000 validation images: about 85 % refitted, 10 % kept as pruned (unpruned 92 %)
        assertThat(refitted.accuracy()).isGreaterThan(0.8);
        assertThat(kept.accuracy()).isLessThan(0.3);
        assertThat(PruningViewModel.describe(refitting)).endsWith(", layers refitted)");
        assertThat(pruning.accuracyAdviceProperty().get()).as("kept as pruned, it has collapsed").isNotEmpty();
    }

    @Test
    void onBnCnnReestimatingBatchNormIsOfferedAndKeepsFarMoreAccuracyThanNothing(FxRobot robot) throws Exception {
        open(robot, "bn-cnn");
        assertThat(pruning.recoveries()).containsExactly(Recovery.REFIT, Recovery.BATCH_NORM, Recovery.NONE);
        assertThat(pruning.importanceProperty().get()).isEqualTo(Importance.GROUP_MEAN);

        robot.interact(() -> {
            pruning.importanceProperty().set(Importance.PRODUCER); // where re-estimating matters most (0032)
            pruning.maxLayerRatioProperty().set(0.8);
            pruning.ratioProperty().set(0.5);
            pruning.recoveryProperty().set(Recovery.BATCH_NORM);
        });
        PruningSpec reestimating = pruning.specProperty().get();
        AccuracyEstimate with = opened.completePreview();
        robot.interact(() -> pruning.recoveryProperty().set(Recovery.NONE));
        AccuracyEstimate without = opened.completePreview();

        assertThat(reestimating.batchNormExamples()).isEqualTo(BatchNormReestimation.DEFAULT_EXAMPLES);
        assertThat(reestimating.refits()).isFalse();
        assertThat(pruning.specProperty().get().reestimatesBatchNorm()).isFalse();
        // measured on the 5,000 validation images: about 44 % without, 67 % with
        assertThat(with.accuracy()).isGreaterThan(without.accuracy() + 0.15);
        assertThat(PruningViewModel.describe(reestimating)).endsWith(", BatchNorm re-estimated)");
    }

    @Test
    void aModelWithoutBatchNormOffersNoReestimationAndZeroedWeightsAreNotRefitted(FxRobot robot) throws Exception {
        open(robot, "lenet-5");

        assertThat(pruning.importanceProperty().get()).isEqualTo(Importance.PRODUCER);
        assertThat(pruning.recoveries()).containsExactly(Recovery.REFIT, Recovery.NONE);
        robot.interact(() -> pruning.ratioProperty().set(0.5));
        assertThat(pruning.specProperty().get().refits()).isTrue();
        assertThat(pruning.specProperty().get().maxLayerRatio()).isEqualTo(PruningSpec.DEFAULT_MAX_LAYER_RATIO);

        robot.interact(() -> pruning.modeProperty().set(PruningMode.UNSTRUCTURED));
        assertThat(pruning.whyNoRecoveryProperty().get()).isEqualTo(PruningViewModel.ONLY_CHANNELS);
        assertThat(pruning.specProperty().get().refits()).isFalse();
        assertThat(pruning.specProperty().get().reestimatesBatchNorm()).isFalse();
    }
}
