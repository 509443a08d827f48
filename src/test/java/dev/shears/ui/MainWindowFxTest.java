package dev.shears.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.io.LoadedModel;
import dev.shears.io.SampleLocations;
import dev.shears.model.LayerNode;
import dev.shears.ui.layers.LayerRow;
import dev.shears.ui.shell.Dialogs;
import dev.shears.ui.shell.MainView;
import dev.shears.ui.shell.MainViewModel;
import dev.shears.ui.shell.RecentFiles;
import dev.shears.ui.task.TaskRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.DialogPane;
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

/** The real main window under Monocle, on the bundled lenet-5. */
@ExtendWith(ApplicationExtension.class)
class MainWindowFxTest {
    private static final List<String> LENET5_LAYERS = List.of("input", "conv1", "pool1", "conv2", "pool2", "fc1",
            "output");

    @TempDir
    static Path settings;

    private MainViewModel viewModel;

    @Start
    void start(Stage stage) {
        viewModel = new MainViewModel(new TaskRunner(), new RecentFiles(settings));
        MainView view = ShearsApp.showMainWindow(stage, viewModel);
        assertThat(view).isNotNull();
        viewModel.openInitial();
    }

    @Test
    void opensLenet5ShowsEveryLayerAndKeepsItWhenACorruptFileFails(FxRobot robot, @TempDir Path temp)
            throws Exception {
        waitForModel("lenet-5");
        TreeTableView<LayerRow> tree = robot.lookup("#layerTree").queryAs(TreeTableView.class);
        assertThat(visibleNames(tree.getRoot())).containsAll(LENET5_LAYERS);
        assertThat(robot.lookup("#statusModel").queryAs(Label.class).getText())
                .contains("lenet-5").contains("431,080 params").contains("2,293,000 MACs");

        robot.clickOn(cellWithText(robot, "conv2"));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#detailsTitle").queryAs(Label.class).getText()).isEqualTo("conv2");
        assertThat(robot.lookup("#detail-output-shape").queryAs(Label.class).getText()).isEqualTo("[50, 8, 8]");
        assertThat(robot.lookup("#detail-parameters").queryAs(Label.class).getText()).isEqualTo("25,050");
        assertThat(robot.lookup("#tensor-W").tryQuery()).isPresent();
        assertThat(robot.lookup("#tensor-b").tryQuery()).isPresent();

        Path corrupt = temp.resolve("broken-model.zip");
        byte[] real = Files.readAllBytes(SampleLocations.sampleModel("lenet-5"));
        Files.write(corrupt, java.util.Arrays.copyOf(real, real.length / 3));
        robot.interact(() -> viewModel.open(corrupt));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS,
                () -> robot.lookup("#" + Dialogs.ERROR_DIALOG_ID).tryQuery().isPresent());
        DialogPane dialog = robot.lookup("#" + Dialogs.ERROR_DIALOG_ID).queryAs(DialogPane.class);
        assertThat(dialog.getHeaderText()).contains("broken-model.zip");
        assertThat(((Label) dialog.getContent()).getText()).containsIgnoringCase("truncated")
                .doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(viewModel.modelProperty().get().displayName()).isEqualTo("lenet-5");
        assertThat(visibleNames(tree.getRoot())).containsAll(LENET5_LAYERS);
        assertThat(Files.list(temp).toList()).containsExactly(corrupt);

        robot.interact(() -> ((javafx.stage.Stage) dialog.getScene().getWindow()).close());
    }

    @Test
    void searchFiltersTheTreeByNameOrType(FxRobot robot) throws Exception {
        waitForModel("lenet-5");
        TreeTableView<LayerRow> tree = robot.lookup("#layerTree").queryAs(TreeTableView.class);
        robot.clickOn("#layerSearch").write("conv");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(visibleNames(tree.getRoot())).containsExactly("conv1", "conv2");
        robot.interact(() -> robot.lookup("#layerSearch").queryAs(javafx.scene.control.TextField.class).clear());
        assertThat(visibleNames(tree.getRoot())).containsAll(LENET5_LAYERS);
    }

    private void waitForModel(String name) throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> {
            LoadedModel m = viewModel.modelProperty().get();
            return m != null && m.displayName().equals(name);
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static List<String> visibleNames(TreeItem<LayerRow> root) {
        List<String> names = new ArrayList<>();
        for (TreeItem<LayerRow> item : root.getChildren()) {
            LayerNode node = item.getValue().node();
            names.add(node == null ? item.getValue().name() : node.name());
        }
        return names;
    }

    private static Node cellWithText(FxRobot robot, String text) {
        return robot.lookup(".tree-table-cell").match((Node n) -> n instanceof javafx.scene.control.Labeled l
                && text.equals(l.getText())).query();
    }
}
