package dev.shears.ui.lessons;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.pruning.PruningMode;
import dev.shears.ui.ShearsApp;
import dev.shears.ui.shell.MainView;
import dev.shears.ui.shell.MainViewModel;
import dev.shears.ui.shell.RecentFiles;
import dev.shears.ui.task.TaskRunner;
import dev.shears.ui.weights.ThresholdMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Help ▸ Lessons and View ▸ Presentation in the real main window on the bundled samples. */
@ExtendWith(ApplicationExtension.class)
class LessonsFxTest {
    @TempDir
    Path settings;

    MainViewModel viewModel;
    MainView view;

    @Start
    void start(Stage stage) throws Exception {
        viewModel = new MainViewModel(new TaskRunner(), new RecentFiles(settings));
        view = ShearsApp.showMainWindow(stage, viewModel);
        viewModel.openSample("lenet-5");
    }

    private void waitForModel() throws Exception {
        WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, () -> viewModel.modelProperty().get() != null
                && view.pruning().sizesProperty().get() != null && view.workAreaBuiltProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static String status(FxRobot robot) {
        return robot.lookup("#lessonStatus").queryAs(Label.class).getText();
    }

    private static Button next(FxRobot robot) {
        return robot.lookup("#lessonNext").queryAs(Button.class);
    }

    @Test
    void nextWaitsUntilHalfOfConv2IsGreyAndTheNextStepWaitsForChannelsMode(FxRobot robot) throws Exception {
        waitForModel();
        robot.interact(() -> view.lessons().show());
        // step 1 sets itself up: conv2 selected, its weights shown, nothing greyed
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> view.weights().weightsProperty().get() != null
                && view.weights().weightsProperty().get().node().name().equals("conv2"));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#lessonTitle").queryAs(Label.class).getText()).isEqualTo("Small weights matter little");
        assertThat(next(robot).isDisabled()).as("Next before the task").isTrue();

        // a threshold that greys a fifth is not the task
        @SuppressWarnings("unchecked")
        javafx.scene.control.ComboBox<ThresholdMode> mode = robot.lookup("#thresholdMode").queryAs(javafx.scene.control.ComboBox.class);
        robot.interact(() -> mode.setValue(ThresholdMode.PERCENT_BELOW));
        robot.doubleClickOn("#thresholdField").eraseText(12).write("20").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(view.weights().prunedCountProperty().get()).isCloseTo(5_000L, org.assertj.core.data.Offset.offset(2L));
        assertThat(next(robot).isDisabled()).as("Next with 20 %% grey").isTrue();

        robot.doubleClickOn("#thresholdField").eraseText(12).write("50").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(view.weights().prunedCountProperty().get()).isCloseTo(12_500L, org.assertj.core.data.Offset.offset(2L));
        assertThat(next(robot).isDisabled()).as("Next with half of conv2 grey").isFalse();

        robot.clickOn("#lessonNext");
        WaitForAsyncUtils.waitForFxEvents();
        // step 2 set the panel to weights mode at 50 %: its task is switching to channels
        assertThat(robot.lookup("#lessonTitle").queryAs(Label.class).getText()).isEqualTo("Zeros are not speed");
        assertThat(view.pruning().modeProperty().get()).isEqualTo(PruningMode.UNSTRUCTURED);
        assertThat(next(robot).isDisabled()).isTrue();
        assertThat(Files.readString(settings.resolve(LessonViewModel.PROGRESS_FILE)).strip())
                .isEqualTo("02-structured#1");

        robot.clickOn("#modeStructured");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> view.pruning().impactProperty().get() != null
                && view.pruning().impactProperty().get().macRatio() < 0.9);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(next(robot).isDisabled()).as("Next after switching to channels").isFalse();

        robot.clickOn("#lessonBack");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#lessonTitle").queryAs(Label.class).getText()).isEqualTo("Small weights matter little");
    }

    @Test
    void theLessonsResumeAtTheStepRememberedInTheSettings(FxRobot robot) throws Exception {
        waitForModel();
        Files.writeString(settings.resolve(LessonViewModel.PROGRESS_FILE), "06-global-cap#1\n");
        robot.interact(() -> view.lessons().show());
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> view.pruning().maxLayerRatioProperty().get() == 1.0
                && view.pruning().ratioProperty().get() == 0.5 && view.pruning().impactProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#lessonTitle").queryAs(Label.class).getText())
                .isEqualTo("A global ranking can empty a layer");
        // uncapped, conv2 keeps 1 of 50: the panel says so, and the task is not done
        assertThat(robot.lookup("#layerLimits").queryAs(Label.class).getText()).contains("conv2 keeps 1 of 50");
        assertThat(next(robot).isDisabled()).isTrue();

        javafx.scene.control.TextField cap = robot.lookup("#maxLayerRatio").queryAs(javafx.scene.control.TextField.class);
        robot.interact(() -> {
            cap.setText("80");
            cap.fireEvent(new javafx.event.ActionEvent());
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(view.pruning().maxLayerRatioProperty().get()).isEqualTo(0.8);
        assertThat(view.pruning().keptSharesProperty().get().get("conv2")).isEqualTo(10 / 50.0);
        assertThat(next(robot).isDisabled()).as("Next once the cap keeps conv2").isFalse();
    }

    @Test
    void presentationModeEnlargesFontsAndShowsOnlyTheStepsParts(FxRobot robot) throws Exception {
        waitForModel();
        Label status = robot.lookup("#statusModel").queryAs(Label.class);
        double normal = status.getFont().getSize();
        robot.interact(() -> view.lessons().show());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#pruningPanel").query().isVisible()).isTrue();

        robot.press(KeyCode.F11).release(KeyCode.F11);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(view.presentation().activeProperty().get()).isTrue();
        assertThat(status.getFont().getSize()).as("status font in presentation mode").isGreaterThanOrEqualTo(1.5 * normal);
        Label title = robot.lookup("#lessonTitle").queryAs(Label.class);
        assertThat(title.getFont().getSize()).isGreaterThanOrEqualTo(1.5 * 13);
        // step 1 needs the tree and the weights: the pruning panel and the details give way
        assertThat(robot.lookup("#pruningPanel").query().isVisible()).isFalse();
        assertThat(workSplit(robot).getItems()).hasSize(2).noneMatch(n -> n instanceof javafx.scene.control.TabPane tabs
                && tabs.getTabs().stream().anyMatch(t -> "History".equals(t.getText())));

        robot.press(KeyCode.F11).release(KeyCode.F11);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(status.getFont().getSize()).isEqualTo(normal);
        assertThat(robot.lookup("#pruningPanel").query().isVisible()).isTrue();
        assertThat(workSplit(robot).getItems()).hasSize(3);
    }

    @Test
    void atProjectorSizeTheCapStepShowsItsFiguresAndAccuracyWholeWithoutEllipses(FxRobot robot) throws Exception {
        waitForModel();
        presentAt1280x720(robot, "06-global-cap#1");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> view.pruning().maxLayerRatioProperty().get() == 1.0
                && view.pruning().ratioProperty().get() == 0.5);
        javafx.scene.control.TextField cap = robot.lookup("#maxLayerRatio").queryAs(javafx.scene.control.TextField.class);
        robot.interact(() -> {
            cap.setText("80");
            cap.fireEvent(new javafx.event.ActionEvent());
        });
        waitForCompletePreview();
        javafx.scene.Node panel = robot.lookup("#pruningPanel").query();
        for (String id : List.of("#impactParams", "#impactMacs", "#previewAccuracy", "#baselineAccuracy", "#layerLimits")) {
            Label label = robot.lookup(id).queryAs(Label.class);
            assertThat(label.getText()).as(id).isNotBlank();
            assertThat(shown(label, panel)).as(id + " shown").isTrue();
        }
        assertThat(robot.lookup("#layerLimits").queryAs(Label.class).getText()).startsWith("conv1 and conv2 are at the cap");
        // the step does not list the sizes: their table gives way to the figures it needs
        assertThat(robot.lookup("#impactSizes").query().isVisible()).isFalse();
        assertEveryLabelShownWhole(robot, panel);
    }

    @Test
    void atProjectorSizeTheSizesStepShowsItsTableWholeWithoutEllipses(FxRobot robot) throws Exception {
        waitForModel();
        presentAt1280x720(robot, "09-deep-compression#1");
        WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, () -> viewModel.modelProperty().get() != null
                && viewModel.modelProperty().get().graph().nodes().stream().anyMatch(l -> l.name().equals("fc1"))
                && view.pruning().modeProperty().get() == PruningMode.UNSTRUCTURED);
        waitForCompletePreview();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> view.pruning().sizesProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();
        javafx.scene.Node panel = robot.lookup("#pruningPanel").query();
        Label deepCompression = robot.lookup("#size-Deep-Compression").queryAs(Label.class);
        assertThat(shown(deepCompression, panel)).as("the Deep Compression size shown").isTrue();
        assertThat(robot.lookup("#modeUnstructured").queryAs(javafx.scene.control.ToggleButton.class).isSelected())
                .as("the Weights toggle follows the step's mode").isTrue();
        assertEveryLabelShownWhole(robot, panel);
    }

    /** Opens the lessons at {@code step}, turns presentation mode on and makes the window a projector's 1280 × 720. */
    private void presentAt1280x720(FxRobot robot, String step) throws Exception {
        Files.writeString(settings.resolve(LessonViewModel.PROGRESS_FILE), step + "\n");
        robot.interact(() -> view.lessons().show());
        robot.press(KeyCode.F11).release(KeyCode.F11);
        WaitForAsyncUtils.waitForFxEvents();
        // presentation maximises the window; a projector's 1280 × 720 instead
        robot.interact(() -> {
            Stage stage = (Stage) view.getScene().getWindow();
            stage.setMaximized(false);
            stage.setWidth(1280);
            stage.setHeight(720);
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(view.getScene().getWidth()).isEqualTo(1280);
        assertThat(view.getScene().getHeight()).isEqualTo(720);
    }

    private void waitForCompletePreview() throws Exception {
        WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, () -> view.pruning().previewProperty().get() != null
                && view.pruning().previewProperty().get().complete() && view.pruning().baselineProperty().get() != null
                && view.pruning().baselineProperty().get().complete() && view.pruning().impactProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();
    }

    /**
     * Every label the panel shows draws its whole text (its skin's text is not cut to "…"), and the panel
     * ends above the status bar, which ends inside the window.
     */
    private void assertEveryLabelShownWhole(FxRobot robot, javafx.scene.Node panel) {
        List<Label> shownLabels = robot.from(panel).lookup(".label").queryAllAs(Label.class).stream()
                .filter(l -> shown(l, panel) && !l.getText().isEmpty()).toList();
        assertThat(shownLabels).hasSizeGreaterThan(5);
        for (Label label : shownLabels) {
            javafx.scene.text.Text drawn = (javafx.scene.text.Text) label.lookup(".text");
            assertThat(drawn.getText()).as("what %s shows", label.getId() != null ? label.getId() : label.getText())
                    .isEqualTo(label.getText());
        }
        javafx.geometry.Bounds bounds = panel.localToScene(panel.getLayoutBounds());
        javafx.scene.Node status = robot.lookup("#statusModel").query();
        assertThat(bounds.getMaxX()).isLessThanOrEqualTo(view.getScene().getWidth());
        javafx.geometry.Bounds statusBounds = status.localToScene(status.getLayoutBounds());
        assertThat(bounds.getMaxY()).as("the panel's bottom against the status bar's top")
                .isLessThanOrEqualTo(statusBounds.getMinY());
        assertThat(statusBounds.getMaxY()).as("the status bar's bottom").isLessThanOrEqualTo(view.getScene().getHeight());
    }

    /** Visible itself and in every parent up to {@code top}, and laid out with a size. */
    private static boolean shown(javafx.scene.Node node, javafx.scene.Node top) {
        for (javafx.scene.Node n = node; n != null; n = n.getParent()) {
            if (!n.isVisible()) {
                return false;
            }
            if (n == top) {
                return node.getLayoutBounds().getWidth() > 0;
            }
        }
        return false;
    }

    /** The split of tree, weights and details. */
    private static javafx.scene.control.SplitPane workSplit(FxRobot robot) {
        return robot.lookup(".split-pane").queryAllAs(javafx.scene.control.SplitPane.class).stream()
                .filter(p -> p.getItems().stream().anyMatch(n -> n instanceof dev.shears.ui.weights.WeightsPane))
                .findFirst().orElseThrow();
    }

    @Test
    void theRefitStepStartsKeptAsPrunedAndMovesOnOnlyOnceTheRefittedAccuracyIsBack(FxRobot robot) throws Exception {
        waitForModel();
        Files.writeString(settings.resolve(LessonViewModel.PROGRESS_FILE), "10-refit#1\n");
        robot.interact(() -> view.lessons().show());
        var pruning = view.pruning();
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> viewModel.modelProperty().get() != null
                && viewModel.modelProperty().get().displayName().equals("mini-resnet")
                && pruning.ratioProperty().get() == 0.5 && pruning.previewProperty().get() != null
                && pruning.previewProperty().get().complete());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(pruning.recoveryProperty().get()).isEqualTo(dev.shears.ui.pruning.Recovery.NONE);
        // kept as pruned, half of mini-resnet's channels guess at about chance (measured 10 %)
        assertThat(pruning.previewProperty().get().accuracy()).isLessThan(0.3);
        assertThat(status(robot)).isEqualTo("Not done yet — Next waits for it.");

        @SuppressWarnings("unchecked")
        javafx.scene.control.ChoiceBox<dev.shears.ui.pruning.Recovery> recovery =
                robot.lookup("#recovery").queryAs(javafx.scene.control.ChoiceBox.class);
        robot.interact(() -> recovery.setValue(dev.shears.ui.pruning.Recovery.REFIT));
        // the last step of the last lesson: done, with no Next after it
        WaitForAsyncUtils.waitFor(180, TimeUnit.SECONDS, () -> status(robot).startsWith("✔ Done"));

        // measured: 84.5 % on the 5,000 validation images
        assertThat(pruning.previewProperty().get().complete()).isTrue();
        assertThat(pruning.previewProperty().get().accuracy()).isGreaterThan(0.75);
    }
}
