package dev.shears.ui.tune;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.io.SampleLocations;
import dev.shears.pruning.PruningMode;
import dev.shears.ui.pruning.PruningViewModel;
import dev.shears.ui.sensitivity.SensitivityViewModel;
import dev.shears.ui.shell.MainViewModel;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Fine-tuning and the sensitivity scan from the app's view models, on real samples and data. */
@ExtendWith(ApplicationExtension.class)
class FineTuneAndSensitivityFxTest {
    @TempDir
    Path settings;

    @Start
    void start(Stage stage) {
        // view models only
    }

    private MainViewModel open(FxRobot robot, String sample) throws Exception {
        return OpenedSamples.open(robot, settings, sample);
    }

    @Test
    void fineTuningRecoversAccuracyHoldsZerosAndBecomesAStep(FxRobot robot) throws Exception {
        MainViewModel main = open(robot, "lenet-300-100");
        PruningViewModel[] pruning = new PruningViewModel[1];
        robot.interact(() -> pruning[0] = new PruningViewModel(main.runner(), main));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> pruning[0].plannerProperty().get() != null);
        robot.interact(() -> {
            pruning[0].modeProperty().set(PruningMode.UNSTRUCTURED);
            pruning[0].ratioProperty().set(0.95);
            pruning[0].apply();
        });
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> main.currentStepProperty().get() == 1);
        WaitForAsyncUtils.waitForFxEvents();
        double pruned = main.history().get(1).validation().orElseThrow().accuracy();
        long zerosPruned = zeros(main);

        FineTuneViewModel tuner = new FineTuneViewModel(main.runner(), main, () -> null);
        assertThat(tuner.possibleProperty().get()).isTrue();
        assertThat(tuner.explanationProperty().get()).isEqualTo("Training on Fashion-MNIST training images;"
                + " validation: Fashion-MNIST validation (test images 0–4999). Zeros of the current model stay zero."
                + " The best epoch on validation is kept.");
        robot.interact(() -> {
            tuner.epochsProperty().set(1);
            tuner.trainImagesProperty().set(3000);
            tuner.learningRateProperty().set(1e-3);
            tuner.start();
        });
        WaitForAsyncUtils.waitFor(180, TimeUnit.SECONDS, () -> main.currentStepProperty().get() == 2);
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(main.history().get(2).label()).startsWith("Fine-tuned 1/1 epochs");
        assertThat(main.history().get(2).validation().orElseThrow().accuracy()).isGreaterThan(pruned);
        assertThat(zeros(main)).isGreaterThanOrEqualTo(zerosPruned);
        assertThat(tuner.points()).isNotEmpty();
        assertThat(tuner.runningProperty().get()).isFalse();
    }

    @Test
    void stoppingKeepsTheBestCheckpointAsAStep(FxRobot robot) throws Exception {
        MainViewModel main = open(robot, "lenet-300-100");
        FineTuneViewModel tuner = new FineTuneViewModel(main.runner(), main, () -> null);
        robot.interact(() -> {
            tuner.epochsProperty().set(20);
            tuner.start();
        });
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> !tuner.points().isEmpty());
        robot.interact(tuner::stop);
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> main.currentStepProperty().get() == 1);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(main.history().get(1).label()).contains("stopped early");
        assertThat(main.history().get(1).validation()).isPresent();
    }

    @Test
    void sensitivityScanIsCachedPerModelAndACellSetsTheLayersRatio(FxRobot robot) throws Exception {
        MainViewModel main = open(robot, "lenet-5");
        SensitivityViewModel[] scan = new SensitivityViewModel[1];
        robot.interact(() -> {
            scan[0] = new SensitivityViewModel(main.runner(), main);
            scan[0].imagesProperty().set(500);
            scan[0].scan();
        });
        WaitForAsyncUtils.waitFor(240, TimeUnit.SECONDS, () -> scan[0].resultProperty().get() != null);
        var result = scan[0].resultProperty().get();
        assertThat(result.groups()).contains("conv1", "conv2", "fc1");
        assertThat(result.rows("conv2")).hasSize(9);
        assertThat(scan[0].table().orElseThrow().rows()).hasSize(result.rows().size());

        // a new window on the same file finds the scan in the settings folder at once
        SensitivityViewModel[] again = new SensitivityViewModel[1];
        robot.interact(() -> {
            again[0] = new SensitivityViewModel(main.runner(), main);
            again[0].imagesProperty().set(1000);
            again[0].imagesProperty().set(500);
        });
        assertThat(again[0].resultProperty().get()).isNotNull();
        assertThat(again[0].descriptionProperty().get()).contains("cached");
    }

    private static long zeros(MainViewModel main) {
        var m = main.modelProperty().get();
        long zeros = 0;
        for (var node : m.graph().nodes()) {
            for (var p : node.params()) {
                if (p.isWeight()) {
                    zeros += p.stats().zeros();
                }
            }
        }
        return zeros;
    }
}
