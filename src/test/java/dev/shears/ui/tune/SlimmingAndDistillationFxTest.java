package dev.shears.ui.tune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.shears.eval.tune.GammaMagnitudes;
import dev.shears.ui.shell.MainViewModel;
import dev.shears.ui.shell.UserMessage;
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

/** The fine-tune window's Network Slimming penalty and distillation choice, from its view model, on real samples. */
@ExtendWith(ApplicationExtension.class)
class SlimmingAndDistillationFxTest {
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
    void slimmingLowersTheSumOfGammaAndTheHistogramFollowsIt(FxRobot robot) throws Exception {
        MainViewModel main = open(robot, "bn-cnn");
        double opened = GammaMagnitudes.of(main.modelProperty().get().network()).sum();
        FineTuneViewModel tuner = new FineTuneViewModel(main.runner(), main, () -> null);
        assertThat(tuner.gammasProperty().get()).isNull();
        robot.interact(() -> {
            tuner.epochsProperty().set(1);
            tuner.trainImagesProperty().set(512);
            tuner.learningRateProperty().set(1e-3);
            tuner.sparsityL1Property().set(1e-3);
            tuner.start();
        });
        WaitForAsyncUtils.waitFor(300, TimeUnit.SECONDS, () -> main.currentStepProperty().get() == 1);
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(main.history().get(1).label()).isEqualTo("Fine-tuned 1/1 epochs (last epoch kept, slimming λ 0.001)");
        double slimmed = GammaMagnitudes.of(main.modelProperty().get().network()).sum();
        assertThat(slimmed).isLessThan(opened);
        assertThat(tuner.gammasProperty().get().sum()).isCloseTo(slimmed, within(1e-9));
        assertThat(tuner.gammasProperty().get().count()).isEqualTo(24 + 48 + 96);
    }

    @Test
    void slimmingAModelWithoutBatchNormIsRefusedInASentence(FxRobot robot) throws Exception {
        MainViewModel main = open(robot, "lenet-300-100");
        FineTuneViewModel tuner = new FineTuneViewModel(main.runner(), main, () -> null);
        robot.interact(() -> {
            tuner.sparsityL1Property().set(1e-4);
            tuner.start();
        });
        WaitForAsyncUtils.waitForFxEvents();

        UserMessage error = main.lastErrorProperty().get();
        assertThat(error.title()).isEqualTo("Cannot fine-tune");
        assertThat(error.text()).isEqualTo("The sparsity penalty of Network Slimming acts on BatchNorm scales, and"
                + " this model has no BatchNorm layer with a trainable scale.");
        assertThat(tuner.runningProperty().get()).isFalse();
    }

    @Test
    void distillationLearnsFromTheOpenedModelAndSaysSoInTheStep(FxRobot robot) throws Exception {
        MainViewModel main = open(robot, "lenet-300-100");
        FineTuneViewModel tuner = new FineTuneViewModel(main.runner(), main, () -> null);
        robot.interact(() -> {
            tuner.epochsProperty().set(1);
            tuner.trainImagesProperty().set(1000);
            tuner.distillProperty().set(true);
            tuner.temperatureProperty().set(3);
            tuner.alphaProperty().set(0.7);
            tuner.start();
        });
        WaitForAsyncUtils.waitFor(300, TimeUnit.SECONDS, () -> !tuner.runningProperty().get()
                && main.currentStepProperty().get() == 1);
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(main.history().get(1).label()).matches("Fine-tuned 1/1 epochs \\(best epoch [01], distilled T 3.0"
                + " α 0.7\\)");
        assertThat(tuner.gammasProperty().get()).as("no BatchNorm: no histogram").isNull();
    }
}
