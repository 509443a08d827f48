package dev.shears.ui.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.data.DataProfile;
import dev.shears.data.DataRole;
import dev.shears.io.DataSplit;
import dev.shears.io.FashionMnist;
import dev.shears.io.SampleLocations;
import dev.shears.ui.ShearsApp;
import dev.shears.ui.shell.MainViewModel;
import dev.shears.ui.shell.RecentFiles;
import dev.shears.ui.task.TaskRunner;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.image.ImageView;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** File ▸ Data… in the real main window on lenet-5: Ctrl+D, the preview grid, Esc and Enter. */
@ExtendWith(ApplicationExtension.class)
class DataDialogFxTest {
    @TempDir
    Path settings;

    private MainViewModel viewModel;

    @Start
    void start(Stage stage) {
        viewModel = new MainViewModel(new TaskRunner(), new RecentFiles(settings));
        ShearsApp.showMainWindow(stage, viewModel);
        viewModel.openSample("lenet-5");
    }

    private GridPane openDialog(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> viewModel.modelProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();
        robot.press(KeyCode.CONTROL, KeyCode.D).release(KeyCode.D, KeyCode.CONTROL);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                () -> robot.lookup("#" + DataDialog.ROOT_ID).tryQuery().isPresent());
        GridPane grid = robot.lookup("#dataPreviewGrid").queryAs(GridPane.class);
        try {
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> grid.getChildren().size() == 16);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no preview; the dialog says: "
                    + robot.lookup("#dataPreviewMessage").queryAs(Label.class).getText() + "; the status bar says: "
                    + viewModel.runner().messageProperty().get(), e);
        }
        WaitForAsyncUtils.waitForFxEvents();
        return grid;
    }

    @Test
    void ctrlDShowsSixteenLabelledImagesAndEscChangesNothing(FxRobot robot) throws Exception {
        GridPane grid = openDialog(robot);
        DataProfile before = viewModel.dataProperty().get().profile();

        FashionMnist validation = FashionMnist.load(SampleLocations.fashionMnistFolder(), DataSplit.VALIDATION);
        List<String> expected = IntStream.range(0, 16)
                .mapToObj(i -> FashionMnist.CLASS_NAMES.get(validation.label(i))).toList();
        List<String> shown = grid.getChildren().stream()
                .map(tile -> ((Label) ((VBox) tile).getChildren().get(1)).getText()).toList();
        assertThat(shown).containsExactlyElementsOf(expected);
        ImageView first = (ImageView) ((VBox) grid.getChildren().get(0)).getChildren().get(0);
        assertThat(first.getImage().getWidth()).isEqualTo(28);
        assertThat(first.isSmooth()).isFalse();
        assertThat(first.getLayoutBounds().getWidth()).isEqualTo(84);
        assertThat(robot.lookup("#dataBuiltIn").queryAs(Label.class).getText()).isEqualTo(DataViewModel.BUILT_IN_NOTE);
        assertThat(robot.lookup("#dataPathValidation").queryAs(Label.class).getText())
                .isEqualTo("IDX files  ·  " + SampleLocations.fashionMnistFolder().toAbsolutePath().normalize());

        robot.interact(() -> robot.lookup("#dataClearTest").queryAs(Button.class).fire());
        assertThat(robot.lookup("#dataPathTest").queryAs(Label.class).getText()).isEqualTo("No data chosen");
        robot.press(KeyCode.ESCAPE).release(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#" + DataDialog.ROOT_ID).tryQuery()).isEmpty();
        assertThat(viewModel.dataProperty().get().profile()).isEqualTo(before);
    }

    @Test
    void enterAppliesTheEditedProfile(FxRobot robot) throws Exception {
        openDialog(robot);
        DataProfile before = viewModel.dataProperty().get().profile();
        robot.interact(() -> robot.lookup("#dataClearTrain").queryAs(Button.class).fire());
        assertThat(robot.lookup("#dataClearTrain").queryAs(Button.class).isDisabled()).isTrue();
        robot.press(KeyCode.ENTER).release(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#" + DataDialog.ROOT_ID).tryQuery()).isEmpty();
        assertThat(viewModel.dataProperty().get().profile())
                .isEqualTo(before.with(DataRole.TRAIN, java.util.Optional.empty()));
    }
}
