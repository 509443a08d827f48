package dev.shears.ui.pruning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.eval.AccuracyEstimate;
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

/** The panel says when a one-shot cut needs retraining, on the real mini-resnet (which collapses at 50 %). */
@ExtendWith(ApplicationExtension.class)
class AccuracyAdviceFxTest {
    @TempDir
    Path settings;

    @Start
    void start(Stage stage) {
        // the view models alone
    }

    @Test
    void halfOfMiniResnetsChannelsIsToldToFineTuneAndAFewPercentIsNot(FxRobot robot) throws Exception {
        PruningOnSample opened = PruningOnSample.open(robot, settings, "mini-resnet");
        PruningViewModel pruning = opened.pruning();
        WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, () -> pruning.baselineProperty().get() != null
                && pruning.baselineProperty().get().complete());

        robot.interact(() -> {
            pruning.recoveryProperty().set(Recovery.NONE); // refitted, half of it keeps 85 % (decision 0034)
            pruning.ratioProperty().set(0.5);
        });
        AccuracyEstimate half = opened.completePreview();
        String atHalf = pruning.accuracyAdviceProperty().get();
        robot.interact(() -> pruning.ratioProperty().set(0.05));
        AccuracyEstimate few = opened.completePreview();

        // measured: 92.7 % unpruned, about 24 % at half of the channels (decision 0032)
        assertThat(pruning.baselineProperty().get().accuracy() - half.accuracy()).isGreaterThan(0.5);
        assertThat(atHalf).startsWith(String.format(java.util.Locale.ROOT, "Accuracy falls by %.0f points",
                100 * (pruning.baselineProperty().get().accuracy() - half.accuracy()))).contains("Fine-tune…");
        assertThat(pruning.baselineProperty().get().accuracy() - few.accuracy()).isLessThan(PruningViewModel.COLLAPSE);
        assertThat(pruning.accuracyAdviceProperty().get()).isEmpty();
    }

    @Test
    void aModelThatCannotBeTrainedHereIsToldToRemoveLessOrTrainElsewhere() {
        assertThat(PruningViewModel.advice(0.3, true, false)).isEqualTo("Accuracy falls by 30 points: cutting this"
                + " much at once needs retraining (remove less, or fine-tune where the model was trained).");
        assertThat(PruningViewModel.advice(0.3, false, true)).isEmpty(); // a partial estimate says nothing yet
        assertThat(PruningViewModel.advice(0.1, true, true)).isEmpty();
    }
}
