package dev.shears.ui.tune;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.ui.shell.MainViewModel;
import dev.shears.ui.shell.UserMessage;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.stage.Stage;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The fine-tune window's "from a fresh initialisation" choice (Liu et al. 2019), from its view model, on a real sample. */
@ExtendWith(ApplicationExtension.class)
class FreshStartFxTest {
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
    void choosingAFreshStartTakesTheSamplesOwnEpochsAndRateAndSaysSo(FxRobot robot) throws Exception {
        MainViewModel main = open(robot, "lenet-300-100");
        FineTuneViewModel tuner = new FineTuneViewModel(main.runner(), main, () -> null);
        assertThat(tuner.epochsProperty().get()).isEqualTo(2);

        robot.interact(() -> tuner.reinitProperty().set(true));

        assertThat(tuner.epochsProperty().get()).isEqualTo(12);
        assertThat(tuner.learningRateProperty().get()).isEqualTo(1e-3);
        assertThat(tuner.explanationProperty().get()).contains("starts from fresh random weights (Liu et al. 2019),"
                + " for the opened model's own 12 epochs at 0.001");
    }

    @Test
    void aFreshStartTrainsTheArchitectureFromItsOwnInitialisationNotFromTheWeights(FxRobot robot) throws Exception {
        MainViewModel main = open(robot, "lenet-300-100");
        MultiLayerNetwork opened = (MultiLayerNetwork) main.modelProperty().get().network();
        // DL4J initialises from the configuration's seed: the same configuration gives the same fresh weights
        MultiLayerNetwork fresh = new MultiLayerNetwork(opened.getLayerWiseConfigurations().clone());
        fresh.init();
        INDArray freshW = fresh.getLayer(0).getParam("W").dup();
        assertThat(freshW.equalsWithEps(opened.getLayer(0).getParam("W"), 1e-3)).as("trained ≠ fresh").isFalse();
        FineTuneViewModel tuner = new FineTuneViewModel(main.runner(), main, () -> null);
        robot.interact(() -> {
            tuner.reinitProperty().set(true);
            tuner.epochsProperty().set(1);
            tuner.trainImagesProperty().set(500);
            tuner.learningRateProperty().set(1e-12); // a step too small to move the weights away from their start
            tuner.start();
        });
        WaitForAsyncUtils.waitFor(300, TimeUnit.SECONDS, () -> !tuner.runningProperty().get()
                && main.currentStepProperty().get() == 1);
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(main.history().get(1).label()).matches("Trained from a fresh start 1/1 epochs \\(best epoch [01]\\)");
        MultiLayerNetwork trained = (MultiLayerNetwork) main.modelProperty().get().network();
        INDArray w = trained.getLayer(0).getParam("W");
        assertThat(w.equalsWithEps(freshW, 1e-6)).as("the step starts from the fresh initialisation").isTrue();
        assertThat(w.equalsWithEps(opened.getLayer(0).getParam("W"), 1e-3)).isFalse();
    }

    @Test
    void aFreshStartDoesNotCombineWithIterativePruningAndSaysWhy(FxRobot robot) throws Exception {
        MainViewModel main = open(robot, "lenet-300-100");
        FineTuneViewModel tuner = new FineTuneViewModel(main.runner(), main, () -> null);
        robot.interact(() -> {
            tuner.reinitProperty().set(true);
            tuner.iterativeProperty().set(true);
            tuner.start();
        });
        WaitForAsyncUtils.waitForFxEvents();

        UserMessage error = main.lastErrorProperty().get();
        assertThat(error.title()).isEqualTo("Cannot fine-tune");
        assertThat(error.text()).isEqualTo("Iterative pruning fine-tunes the weights each step keeps, and a fresh"
                + " initialisation replaces them: choose one of the two.");
        assertThat(tuner.runningProperty().get()).isFalse();
    }
}
