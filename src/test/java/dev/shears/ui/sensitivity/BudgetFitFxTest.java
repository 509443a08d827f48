package dev.shears.ui.sensitivity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.eval.SensitivityResult;
import dev.shears.eval.SensitivityRow;
import dev.shears.io.LoadedModel;
import dev.shears.pruning.CriterionName;
import dev.shears.pruning.impact.Impact;
import dev.shears.ui.ShearsApp;
import dev.shears.ui.layers.LayerRow;
import dev.shears.ui.pruning.PruningViewModel;
import dev.shears.ui.shell.MainView;
import dev.shears.ui.shell.MainViewModel;
import dev.shears.ui.shell.RecentFiles;
import dev.shears.ui.task.TaskRunner;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.scene.control.TreeTableCell;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The Sensitivity tab's "Fit to scan": a MACs budget becomes per-layer Keep % in the tree and the impact bar. */
@ExtendWith(ApplicationExtension.class)
class BudgetFitFxTest {
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
    void fittingHalfTheMacsFillsKeepPercentWithScannedSharesThatMeetTheBudget(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> {
            LoadedModel m = viewModel.modelProperty().get();
            return m != null && m.displayName().equals("lenet-5") && view.pruning().plannerProperty().get() != null;
        });
        robot.interact(() -> {
            for (Node pane : robot.lookup(".tab-pane").queryAll()) {
                ((TabPane) pane).getTabs().stream().filter(t -> "sensitivityTab".equals(t.getId())).findFirst()
                        .ifPresent(t -> ((TabPane) pane).getSelectionModel().select(t));
            }
        });
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> robot.lookup("#budgetFit").tryQuery().isPresent());
        Button fit = robot.lookup("#budgetFit").queryAs(Button.class);
        assertThat(fit.isDisabled()).as("nothing to fit before a scan").isTrue();
        robot.interact(() -> {
            view.sensitivity().imagesProperty().set(500);
            view.sensitivity().scan();
        });
        WaitForAsyncUtils.waitFor(240, TimeUnit.SECONDS, () -> view.sensitivity().resultProperty().get() != null
                && !fit.isDisabled());
        SensitivityResult scan = view.sensitivity().resultProperty().get();
        Impact unpruned = view.pruning().impactProperty().get();

        robot.clickOn("#budgetFit");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !robot.lookup("#budgetNote").queryAs(Label.class)
                .getText().isEmpty() && view.pruning().impactProperty().get() != unpruned
                && view.pruning().impactProperty().get() != null);

        PruningViewModel pruning = view.pruning();
        assertThat(robot.lookup("#budgetNote").queryAs(Label.class).getText()).startsWith("Keep % set for");
        assertThat(pruning.targetProperty().get()).isEqualTo(PruningViewModel.Target.EVERY_LAYER);
        assertThat(pruning.criterionProperty().get()).isEqualTo(CriterionName.L1);
        assertThat(pruning.ratioProperty().get()).isZero();
        Impact impact = pruning.impactProperty().get();
        assertThat(impact.macsAfter()).as("the impact bar meets half the MACs")
                .isLessThanOrEqualTo(impact.macsBefore() / 2);
        assertThat(pruning.overrides()).isNotEmpty();
        assertThat(scan.groups()).containsAll(pruning.overrides().keySet());
        for (Map.Entry<String, Double> e : Map.copyOf(pruning.overrides()).entrySet()) {
            SensitivityRow row = scan.rows(e.getKey()).stream().filter(r -> r.ratio() == e.getValue()).findFirst()
                    .orElseThrow(() -> new AssertionError(e + " is not a scanned share"));
            // the tree's Keep % shows the channels the scan kept at that share
            String expected = String.format("%.0f", 100.0 * row.keptChannels() / row.channels());
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> expected.equals(keepCellText(robot, e.getKey())));
            assertThat(keepCellText(robot, e.getKey())).as(e.getKey() + "'s Keep %").isEqualTo(expected);
        }

        // the same scan, a latency budget: the model is timed layer by layer, then the choice itself
        robot.interact(() -> {
            view.budgetFit().metricProperty().set(dev.shears.pruning.impact.Budget.Metric.LATENCY);
            view.budgetFit().keepProperty().set(0.99);
        });
        String macsNote = robot.lookup("#budgetNote").queryAs(Label.class).getText();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !fit.isDisabled());
        // fired rather than clicked: after the first fit the panel below may have grown over the button's
        // centre in this small test window (the first click above proves the button takes clicks)
        robot.interact(fit::fire);
        WaitForAsyncUtils.waitFor(300, TimeUnit.SECONDS, () -> robot.lookup("#budgetNote").queryAs(Label.class)
                .getText().contains("Latency of one example"));
        String latencyNote = robot.lookup("#budgetNote").queryAs(Label.class).getText();
        assertThat(latencyNote).isNotEqualTo(macsNote).startsWith("Keep % set for").contains(" unpruned; predicted ")
                .contains("measured");
        for (Map.Entry<String, Double> e : Map.copyOf(pruning.overrides()).entrySet()) {
            assertThat(scan.rows(e.getKey()).stream().anyMatch(r -> r.ratio() == e.getValue()))
                    .as(e + " is a scanned share").isTrue();
        }
    }

    private static String keepCellText(FxRobot robot, String layer) {
        return WaitForAsyncUtils.waitForAsyncFx(10_000, () -> keepCell(robot, layer).map(TreeTableCell::getText)
                .orElse(""));
    }

    @SuppressWarnings("unchecked")
    private static Optional<TreeTableCell<LayerRow, String>> keepCell(FxRobot robot, String layer) {
        return robot.lookup(".tree-table-cell").queryAll().stream()
                .map(n -> (TreeTableCell<LayerRow, String>) n)
                .filter(c -> c.getTableColumn() != null && "keepColumn".equals(c.getTableColumn().getId()))
                .filter(c -> c.getTableRow() != null && c.getTableRow().getItem() != null
                        && c.getTableRow().getItem().node() != null
                        && layer.equals(c.getTableRow().getItem().node().name()))
                .findFirst();
    }
}
