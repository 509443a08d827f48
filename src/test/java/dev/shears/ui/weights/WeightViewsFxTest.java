package dev.shears.ui.weights;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.io.LoadedModel;
import dev.shears.model.LayerNode;
import dev.shears.ui.ShearsApp;
import dev.shears.ui.shell.MainView;
import dev.shears.ui.shell.MainViewModel;
import dev.shears.ui.shell.RecentFiles;
import dev.shears.ui.task.TaskRunner;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Bounds;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Threshold, histogram cut line and counts stay linked, checked against direct counts on lenet-5's weights. */
class WeightViewsFxTest extends Lenet5WindowFixture {
    @Start
    void start(Stage stage) {
        open(stage);
    }

    @Test
    void movingTheThresholdMovesTheCutLineAndCountsMatchADirectCount(FxRobot robot) throws Exception {
        LoadedModel model = select(robot, "conv2");
        WeightsViewModel weights = view.weights();
        float[] w = model.paramValues("conv2", "W");
        // the histograms are made on the Histogram tab's first selection (HiddenTabsFxTest)
        javafx.scene.control.TabPane tabs = robot.lookup("#weightTabs").queryAs(javafx.scene.control.TabPane.class);
        robot.interact(() -> tabs.getSelectionModel().select(tabs.getTabs().stream()
                .filter(tab -> tab.getText().equals("Histogram")).findFirst().orElseThrow()));
        WaitForAsyncUtils.waitForFxEvents();

        Slider slider = robot.lookup("#thresholdSlider").queryAs(Slider.class);
        double t1 = slider.getMax() * 0.1;
        robot.interact(() -> slider.setValue(t1));
        assertThat(weights.thresholdProperty().get()).isEqualTo(t1);
        assertThat(weights.prunedCountProperty().get()).isEqualTo(directCount(w, t1));
        HistogramView histogram = robot.lookup("#layerHistogram").queryAs(HistogramView.class);
        double cut1 = histogram.xOf(t1);

        double t2 = slider.getMax() * 0.4;
        robot.interact(() -> slider.setValue(t2));
        assertThat(weights.prunedCountProperty().get()).isEqualTo(directCount(w, t2))
                .isGreaterThan(directCount(w, t1));
        assertThat(histogram.xOf(t2)).isGreaterThan(cut1);
        assertThat(robot.lookup("#thresholdCounts").queryAs(Label.class).getText())
                .contains(String.format("pruned %,d", directCount(w, t2)));

        // Dragging on the histogram sets the threshold to the |value| under the pointer.
        Bounds b = histogram.localToScreen(histogram.getBoundsInLocal());
        double targetX = histogram.xOf(t1);
        robot.moveTo(b.getMinX() + targetX, b.getMinY() + b.getHeight() / 2).press(
                javafx.scene.input.MouseButton.PRIMARY).release(javafx.scene.input.MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();
        double dragged = weights.thresholdProperty().get();
        assertThat(dragged).isCloseTo(t1, org.assertj.core.data.Offset.offset(slider.getMax() * 0.02));
        assertThat(weights.prunedCountProperty().get()).isEqualTo(directCount(w, dragged));
        assertThat(slider.getValue()).isEqualTo(dragged);
    }

    @Test
    void percentModeSetsTheThresholdThatPrunesThatShare(FxRobot robot) throws Exception {
        LoadedModel model = select(robot, "fc1");
        WeightsViewModel weights = view.weights();
        robot.interact(() -> weights.setPercentBelow(0.9));
        assertThat(weights.prunedCountProperty().get()).isEqualTo(Math.round(0.9 * 400_000));
        assertThat(directCount(model.paramValues("fc1", "W"), weights.thresholdProperty().get()))
                .isEqualTo(360_000);
    }

    private static long directCount(float[] values, double t) {
        long n = 0;
        for (float v : values) {
            if (Math.abs(v) < t) {
                n++;
            }
        }
        return n;
    }
}
