package dev.shears.ui.weights;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.ui.LazyTab;
import javafx.scene.control.Slider;
import javafx.scene.control.TabPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The weight views hidden at start (Histogram, 3D) are made on their first selection, not with the
 * window (decision 0023), and then show the state set before: the selected layer and a moved threshold.
 */
class HiddenTabsFxTest extends Lenet5WindowFixture {
    @Start
    void start(Stage stage) {
        open(stage);
    }

    @Test
    void histogramAnd3dAreMadeOnFirstSelectionWithTheThresholdMovedBefore(FxRobot robot) throws Exception {
        select(robot, "conv2");
        TabPane tabs = robot.lookup("#weightTabs").queryAs(TabPane.class);
        LazyTab histogramTab = tab(tabs, "histogramTab");
        LazyTab surfaceTab = tab(tabs, "surfaceTab");
        assertThat(histogramTab.builtProperty().get()).isFalse();
        assertThat(histogramTab.getContent()).isNull();
        assertThat(robot.lookup("#layerHistogram").tryQuery()).isEmpty();
        assertThat(robot.lookup("#surface3d").tryQuery()).isEmpty();

        // the threshold moves while neither view exists
        Slider slider = robot.lookup("#thresholdSlider").queryAs(Slider.class);
        double moved = slider.getMax() * 0.35;
        robot.interact(() -> slider.setValue(moved));
        LayerWeights conv2 = view.weights().weightsProperty().get();

        robot.interact(() -> tabs.getSelectionModel().select(histogramTab));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(histogramTab.builtProperty().get()).isTrue();
        HistogramView histogram = robot.lookup("#layerHistogram").queryAs(HistogramView.class);
        assertThat(histogram.thresholdProperty().get()).isEqualTo(moved);
        assertThat(histogram.histogramProperty().get()).isSameAs(conv2.histogram());
        assertThat(histogram.xOf(moved)).isGreaterThan(histogram.xOf(0));
        // made on its own: the 3D tab is still not
        assertThat(surfaceTab.builtProperty().get()).isFalse();
        assertThat(robot.lookup("#surface3d").tryQuery()).isEmpty();

        double movedAgain = slider.getMax() * 0.6;
        robot.interact(() -> slider.setValue(movedAgain));
        robot.interact(() -> tabs.getSelectionModel().select(surfaceTab));
        WaitForAsyncUtils.waitForFxEvents();
        Surface3DView surface = robot.lookup("#surface3d").queryAs(Surface3DView.class);
        assertThat(surface.weightsProperty().get()).isSameAs(conv2);
        assertThat(surface.axesProperty().get().rows().title()).isEqualTo("filter");
        assertThat(surface.thresholdProperty().get()).isEqualTo(movedAgain);
        // and the histogram made before kept following the threshold while hidden
        assertThat(histogram.thresholdProperty().get()).isEqualTo(movedAgain);
    }

    private static LazyTab tab(TabPane tabs, String id) {
        return (LazyTab) tabs.getTabs().stream().filter(t -> id.equals(t.getId())).findFirst().orElseThrow();
    }
}
