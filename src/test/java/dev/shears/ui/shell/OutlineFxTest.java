package dev.shears.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.io.SampleLocations;
import dev.shears.ui.ShearsApp;
import dev.shears.ui.layers.LayerRow;
import dev.shears.ui.layers.LayerTableView;
import dev.shears.ui.task.TaskRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * While the first model's weights are read, the window shows its outline (decision 0030): the layer
 * tree with its layers, shapes and parameters, the sparsity "…" and the details "reading the weights…";
 * the loaded model then fills them in and keeps the layer chosen.
 */
@ExtendWith(ApplicationExtension.class)
class OutlineFxTest {
    private static final List<String> BN_CNN_LAYERS = List.of("input", "conv1", "bn1", "relu1", "pool1", "conv2",
            "bn2", "relu2", "pool2", "conv3", "bn3", "relu3", "pool3", "fc1", "output");

    @TempDir
    static Path settings;

    private MainViewModel viewModel;

    @Start
    void start(Stage stage) {
        viewModel = new MainViewModel(new TaskRunner(), new RecentFiles(settings));
        ShearsApp.showMainWindow(stage, viewModel);
    }

    @Test
    void theOutlineIsShownUntilTheWeightsAreReadThenTheModelFillsItIn(FxRobot robot) throws Exception {
        // the load holds the weights until told the outline is drawn: the outline can be looked at
        robot.interact(() -> {
            viewModel.readWeightsAfterOutlineShown(Duration.ofMinutes(2));
            viewModel.open(SampleLocations.sampleModel("bn-cnn"));
        });
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> viewModel.outlineProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(viewModel.modelProperty().get()).isNull();
        assertThat(robot.lookup("#emptyState").queryAs(Label.class).isVisible()).isFalse();
        TreeTableView<LayerRow> tree = robot.lookup("#layerTree").queryAs(TreeTableView.class);
        assertThat(names(tree.getRoot())).containsExactlyElementsOf(BN_CNN_LAYERS);
        LayerRow fc1 = row(tree.getRoot(), "fc1");
        assertThat(fc1.params()).isEqualTo(1536L * 128 + 128);
        assertThat(fc1.outputShape()).isEqualTo("[128]");
        assertThat(Double.isNaN(fc1.sparsity())).isTrue();
        assertThat(cellTexts(robot)).contains(LayerTableView.NOT_READ);
        robot.clickOn(cellWithText(robot, "fc1"));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#detailsTitle").queryAs(Label.class).getText()).isEqualTo("fc1");
        assertThat(robot.lookup("#detail-sparsity").queryAs(Label.class).getText()).isEqualTo("reading the weights…");

        robot.interact(viewModel::outlineShown);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> viewModel.modelProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(viewModel.outlineProperty().get()).isNull();
        assertThat(names(tree.getRoot())).containsExactlyElementsOf(BN_CNN_LAYERS);
        assertThat(row(tree.getRoot(), "fc1").sparsity()).isEqualTo(viewModel.modelProperty().get().graph()
                .node("fc1").orElseThrow().sparsity());
        assertThat(cellTexts(robot)).doesNotContain(LayerTableView.NOT_READ);
        // the layer chosen in the outline stays chosen
        assertThat(robot.lookup("#detailsTitle").queryAs(Label.class).getText()).isEqualTo("fc1");
        assertThat(robot.lookup("#detail-sparsity").queryAs(Label.class).getText()).endsWith("%");
    }

    private static List<String> names(TreeItem<LayerRow> root) {
        List<String> out = new ArrayList<>();
        for (TreeItem<LayerRow> item : root.getChildren()) {
            out.add(item.getValue().name());
        }
        return out;
    }

    private static LayerRow row(TreeItem<LayerRow> root, String name) {
        return root.getChildren().stream().map(TreeItem::getValue).filter(r -> r.name().equals(name)).findFirst()
                .orElseThrow();
    }

    private static List<String> cellTexts(FxRobot robot) {
        return robot.lookup(".tree-table-cell").queryAllAs(javafx.scene.control.TreeTableCell.class).stream()
                .filter(c -> c.isVisible() && c.getText() != null).map(javafx.scene.control.Labeled::getText).toList();
    }

    private static javafx.scene.Node cellWithText(FxRobot robot, String text) {
        return robot.lookup(".tree-table-cell").queryAllAs(javafx.scene.control.TreeTableCell.class).stream()
                .filter(c -> text.equals(c.getText())).findFirst().orElseThrow();
    }
}
