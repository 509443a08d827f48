package dev.shears.ui.sensitivity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.shears.eval.SensitivityRow;
import dev.shears.io.LoadedModel;
import dev.shears.pruning.PruningMode;
import dev.shears.ui.ShearsApp;
import dev.shears.ui.shell.MainView;
import dev.shears.ui.shell.MainViewModel;
import dev.shears.ui.shell.RecentFiles;
import dev.shears.ui.task.TaskRunner;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.TabPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The Sensitivity tab of the real window: a click on a table cell gives that layer the cell's ratio. */
@ExtendWith(ApplicationExtension.class)
class SensitivityCellFxTest {
    @TempDir
    static Path settings;

    private MainViewModel viewModel;
    private MainView view;

    @Start
    void start(Stage stage) {
        viewModel = new MainViewModel(new TaskRunner(), new RecentFiles(settings));
        view = ShearsApp.showMainWindow(stage, viewModel);
        viewModel.openSample("lenet-5");
    }

    @Test
    void clickingACellSetsThatLayersRatioInThePruningPanel(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> {
            LoadedModel m = viewModel.modelProperty().get();
            return m != null && m.displayName().equals("lenet-5");
        });
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> robot.lookup("#sensitivityTab").tryQuery().isPresent()
                || robot.lookup(".tab-pane").queryAll().stream().anyMatch(SensitivityCellFxTest::hasSensitivityTab));
        robot.interact(() -> {
            view.pruning().modeProperty().set(PruningMode.UNSTRUCTURED);
            for (Node pane : robot.lookup(".tab-pane").queryAll()) {
                ((TabPane) pane).getTabs().stream().filter(t -> "sensitivityTab".equals(t.getId())).findFirst()
                        .ifPresent(t -> ((TabPane) pane).getSelectionModel().select(t));
            }
            view.sensitivity().imagesProperty().set(500);
            view.sensitivity().scan();
        });
        WaitForAsyncUtils.waitFor(240, TimeUnit.SECONDS, () -> view.sensitivity().resultProperty().get() != null
                && robot.lookup("#sens-conv2-50").tryQuery().isPresent());
        SensitivityRow conv2Half = view.sensitivity().resultProperty().get().rows("conv2").stream()
                .filter(r -> r.ratio() == 0.5).findFirst().orElseThrow();
        assertThat(view.pruning().overrides()).doesNotContainKey("conv2");

        robot.clickOn("#sens-conv2-50");
        WaitForAsyncUtils.waitForFxEvents();

        // the pick switches the panel to channels and removes half of conv2's filters, as the scan measured
        assertThat(view.pruning().modeProperty().get()).isEqualTo(PruningMode.STRUCTURED);
        assertThat(view.pruning().overrides()).containsOnlyKeys("conv2");
        assertThat(view.pruning().overrides().get("conv2")).isCloseTo(conv2Half.ratio(), within(1e-9));
        assertThat(view.pruning().overrides()).doesNotContainKey("conv1");

        robot.clickOn("#sens-conv1-90");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(view.pruning().overrides()).containsOnlyKeys("conv1", "conv2");
        assertThat(view.pruning().overrides().get("conv1")).isCloseTo(0.9, within(1e-9));
    }

    private static boolean hasSensitivityTab(Node pane) {
        return ((TabPane) pane).getTabs().stream().anyMatch(t -> "sensitivityTab".equals(t.getId()));
    }
}
