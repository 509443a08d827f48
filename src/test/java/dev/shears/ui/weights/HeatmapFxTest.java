package dev.shears.ui.weights;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.analysis.heatmap.ConvMosaic;
import dev.shears.analysis.heatmap.HeatmapImage;
import dev.shears.analysis.heatmap.WeightMatrix;
import dev.shears.io.LoadedModel;
import dev.shears.ui.ShearsApp;
import dev.shears.ui.shell.MainView;
import dev.shears.ui.shell.MainViewModel;
import dev.shears.ui.shell.RecentFiles;
import dev.shears.ui.task.TaskRunner;
import dev.shears.analysis.heatmap.TileBoxes;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Point2D;
import javafx.scene.control.Tooltip;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The heatmap on lenet-5's real weights: mosaic geometry, hover values, threshold counts. */
class HeatmapFxTest extends Lenet5WindowFixture {
    @Start
    void start(Stage stage) {
        open(stage);
    }

    @Test
    void convLayerIsAMosaicWithOneRowBandPerFilterAndHoverShowsTheExactWeight(FxRobot robot) throws Exception {
        LoadedModel model = select(robot, "conv2");
        HeatmapView heatmap = robot.lookup("#heatmapView").queryAs(HeatmapView.class);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> heatmap.renderedProperty().get() != null
                && heatmap.sourceProperty().get() instanceof ConvMosaic);
        ConvMosaic mosaic = (ConvMosaic) heatmap.sourceProperty().get();
        // conv2 W is [50, 20, 5, 5]: 50 bands of 5 rows with 1-row gaps, 20 tiles of 5 columns with gaps.
        assertThat(mosaic.rows()).isEqualTo(50 * 5 + 49);
        assertThat(mosaic.columns()).isEqualTo(20 * 5 + 19);

        HeatmapImage image = heatmap.renderedProperty().get();
        int background = image.legend().backgroundArgb();
        HeatmapViewport vp = heatmap.viewport();
        double paneW = image.width();
        double paneH = image.height();
        int left = (int) Math.ceil(vp.pixelX(0, paneW));
        int right = (int) Math.floor(vp.pixelX(mosaic.columns(), paneW));
        for (int filter = 0; filter < 50; filter++) {
            int bandCentre = (int) vp.pixelY(filter * 6 + 2.5, paneH);
            assertThat(nonBackground(image, bandCentre, left, right, background))
                    .as("filter %d row band has drawn weights", filter).isGreaterThan((right - left) / 2);
            if (filter < 49) {
                int gapCentre = (int) vp.pixelY(filter * 6 + 5.5, paneH);
                if (vp.pixelY(filter * 6 + 6, paneH) - vp.pixelY(filter * 6 + 5, paneH) >= 2) {
                    assertThat(nonBackground(image, gapCentre, left, right, background))
                            .as("gap after filter %d", filter).isZero();
                }
            }
        }

        // Hover the centre of the cell W[out 7, in 3, y 2, x 4] (mosaic row 7·6+2, column 3·6+4).
        int row = 7 * 6 + 2;
        int col = 3 * 6 + 4;
        Point2D onPane = new Point2D(vp.pixelX(col + 0.5, paneW), vp.pixelY(row + 0.5, paneH));
        Point2D onScreen = heatmap.canvasPane().localToScreen(onPane);
        robot.moveTo(onScreen);
        WaitForAsyncUtils.waitForFxEvents();
        float expected = model.paramValues("conv2", "W")[((7 * 20 + 3) * 5 + 2) * 5 + 4];
        assertThat(mosaic.valueAt(row, col)).isEqualTo(expected);
        String text = heatmap.hoverTextProperty().get();
        assertThat(text).startsWith("W[out 7, in 3, y 2, x 4] = ")
                .contains(String.format(Locale.ROOT, "%.4g", expected));
        Tooltip tooltip = (Tooltip) heatmap.canvasPane().getProperties().get("javafx.scene.control.Tooltip");
        assertThat(tooltip.getText()).isEqualTo(text);

        // a click selects filter 7, shown in the details panel with its L1 norm
        robot.clickOn(javafx.scene.input.MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(heatmap.selectedChannelProperty().get()).isEqualTo(7);
        double l1 = 0;
        float[] w = model.paramValues("conv2", "W");
        for (int i = 7 * 20 * 25; i < 8 * 20 * 25; i++) {
            l1 += Math.abs(w[i]);
        }
        assertThat(robot.lookup("#detailsChannel").queryAs(javafx.scene.control.Label.class).getText())
                .contains("Filter 7 selected").contains(String.format(Locale.ROOT, "%.4g", l1).substring(0, 4));
    }

    @Test
    void conv1IsAGridOfTwentySquareFilterImagesAndHoverNamesTheFilter(FxRobot robot) throws Exception {
        LoadedModel model = select(robot, "conv1");
        HeatmapView heatmap = robot.lookup("#heatmapView").queryAs(HeatmapView.class);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> heatmap.renderedProperty().get() != null
                && heatmap.sourceProperty().get() instanceof ConvMosaic m && m.outChannels() == 20);
        WaitForAsyncUtils.waitForFxEvents();
        ConvMosaic mosaic = (ConvMosaic) heatmap.sourceProperty().get();
        HeatmapImage image = heatmap.renderedProperty().get();
        List<TileBoxes.Box> tiles = TileBoxes.of(image);
        assertThat(tiles).as("one tile per filter, measured from the drawn pixels").hasSize(20);
        int side = tiles.get(0).width();
        assertThat(side).isGreaterThanOrEqualTo(25);
        assertThat(tiles).allSatisfy(t -> {
            assertThat(t.width()).isEqualTo(side);
            assertThat(t.height()).isEqualTo(side);
        });
        assertThat(robot.lookup("#l1Strip").query().isVisible()).as("no side strip for a grid").isFalse();

        // filter 7 stands in grid row 1, column 2; hover its weight y 2, x 4
        HeatmapViewport vp = heatmap.viewport();
        int row = mosaic.filterTopRow(7) + 2;
        int col = mosaic.filterLeftColumn(7) + 4;
        assertThat(mosaic.filterTopRow(7)).isEqualTo(6);
        Point2D onPane = new Point2D(vp.pixelX(col + 0.5, image.width()), vp.pixelY(row + 0.5, image.height()));
        robot.moveTo(heatmap.canvasPane().localToScreen(onPane));
        WaitForAsyncUtils.waitForFxEvents();
        float expected = model.paramValues("conv1", "W")[(7 * 5 + 2) * 5 + 4];
        assertThat(heatmap.hoverTextProperty().get()).startsWith("W[out 7, in 0, y 2, x 4] = ")
                .contains(String.format(Locale.ROOT, "%.4g", expected));
        robot.clickOn(javafx.scene.input.MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(heatmap.selectedChannelProperty().get()).isEqualTo(7);
    }

    @Test
    void thresholdMarksPrunedWeightsAndTheLegendCountsMatchADirectCount(FxRobot robot) throws Exception {
        LoadedModel model = select(robot, "fc1");
        HeatmapView heatmap = robot.lookup("#heatmapView").queryAs(HeatmapView.class);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> heatmap.renderedProperty().get() != null
                && heatmap.sourceProperty().get() instanceof WeightMatrix);
        assertThat(heatmap.sourceProperty().get().rows()).isEqualTo(800);
        assertThat(heatmap.sourceProperty().get().columns()).isEqualTo(500);
        HeatmapImage before = heatmap.renderedProperty().get();
        assertThat(before.threshold()).isEmpty();

        float[] w = model.paramValues("fc1", "W");
        robot.interact(() -> view.weights().setPercentBelow(0.5));
        double t = view.weights().thresholdProperty().get();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> heatmap.renderedProperty().get().threshold()
                .map(s -> s.threshold() == t).orElse(false));
        HeatmapImage after = heatmap.renderedProperty().get();
        long direct = 0;
        for (float v : w) {
            direct += Math.abs(v) < t ? 1 : 0;
        }
        assertThat(after.threshold().orElseThrow().tensor().pruned()).isEqualTo(direct).isEqualTo(200_000);
        int pruned = after.legend().prunedArgb();
        long greyBefore = count(before, pruned);
        long greyAfter = count(after, pruned);
        assertThat(greyAfter).isGreaterThan(greyBefore);
    }

    private static int nonBackground(HeatmapImage image, int y, int from, int to, int background) {
        int n = 0;
        for (int x = Math.max(0, from); x < Math.min(image.width(), to); x++) {
            if (image.argb()[y * image.width() + x] != background) {
                n++;
            }
        }
        return n;
    }

    private static long count(HeatmapImage image, int argb) {
        long n = 0;
        for (int p : image.argb()) {
            n += p == argb ? 1 : 0;
        }
        return n;
    }
}
