package dev.shears.ui.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.data.DataException;
import dev.shears.data.DataProfile;
import dev.shears.data.DataRole;
import dev.shears.data.DataSets;
import dev.shears.data.ExamplePictures;
import dev.shears.io.DataSplit;
import dev.shears.io.FashionMnist;
import dev.shears.io.ModelData;
import dev.shears.io.SampleLocations;
import dev.shears.ui.shell.MainViewModel;
import dev.shears.ui.shell.RecentFiles;
import dev.shears.ui.task.TaskRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** File ▸ Data…'s view model on lenet-5 and its built-in Fashion-MNIST profile. */
@ExtendWith(ApplicationExtension.class)
class DataViewModelFxTest {
    @TempDir
    Path settings;

    @Start
    void start(Stage stage) {
        // view models only
    }

    private MainViewModel openLenet5(FxRobot robot) throws Exception {
        MainViewModel[] main = new MainViewModel[1];
        robot.interact(() -> {
            main[0] = new MainViewModel(new TaskRunner(), new RecentFiles(settings));
            main[0].openSample("lenet-5");
        });
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> main[0].dataProperty().get() != null);
        return main[0];
    }

    private DataViewModel editor(FxRobot robot, MainViewModel main) throws Exception {
        DataViewModel[] data = new DataViewModel[1];
        robot.interact(() -> data[0] = new DataViewModel(main));
        waitForPreview(data[0]);
        return data[0];
    }

    private static void waitForPreview(DataViewModel data) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !data.previewingProperty().get()
                && !data.sourceLineProperty(DataRole.TRAIN).get().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void theBuiltInProfileShowsTheFirstSixteenValidationImagesWithTheirClassNames(FxRobot robot) throws Exception {
        MainViewModel main = openLenet5(robot);
        DataViewModel data = editor(robot, main);

        FashionMnist validation = FashionMnist.load(SampleLocations.fashionMnistFolder(), DataSplit.VALIDATION);
        List<String> expectedLabels = IntStream.range(0, 16)
                .mapToObj(i -> FashionMnist.CLASS_NAMES.get(validation.label(i))).toList();
        assertThat(data.preview()).hasSize(16);
        assertThat(data.preview().stream().map(DataViewModel.PreviewItem::label).toList())
                .containsExactlyElementsOf(expectedLabels);
        // lenet-5 takes 28×28 grey images; each picture is that image, pixel for pixel
        var batch = validation.read(0, 16);
        var geometry = main.dataProperty().get().graph().input().image();
        assertThat(geometry.orElseThrow().describe()).isEqualTo("28×28 grey");
        for (int i = 0; i < 16; i++) {
            ExamplePictures.Picture picture = data.preview().get(i).picture();
            assertThat(picture.width()).isEqualTo(28);
            assertThat(picture.height()).isEqualTo(28);
            assertThat(picture.argb()).containsExactly(ExamplePictures.of(batch, i, geometry).argb());
        }
        assertThat(data.previewMessageProperty().get())
                .isEqualTo("The first 16 of Fashion-MNIST validation (test images 0–4999), as the model sees them");
        assertThat(data.builtInProperty().get()).isEqualTo(DataViewModel.BUILT_IN_NOTE);
        assertThat(data.sourceLineProperty(DataRole.VALIDATION).get())
                .isEqualTo("Validation: Fashion-MNIST validation (test images 0–4999) · 5,000 examples");
        assertThat(data.sourceLineProperty(DataRole.TEST).get())
                .isEqualTo("Test: Fashion-MNIST test (test images 5000–9999) · 5,000 examples");
        assertThat(data.sourceLineProperty(DataRole.TRAIN).get())
                .isEqualTo("Training: Fashion-MNIST training images · 60,000 examples");
        assertThat(data.notes()).isEmpty();
        assertThat(data.profile()).isEqualTo(ModelData.sampleProfile(main.history().get(0).model().file()).orElseThrow());
    }

    @Test
    void clearingTheTestRoleAndApplyingSavesTheProfileForTheModel(FxRobot robot) throws Exception {
        MainViewModel main = openLenet5(robot);
        DataViewModel data = editor(robot, main);
        DataProfile before = main.dataProperty().get().profile();

        robot.interact(() -> data.clear(DataRole.TEST));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !data.notes().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(data.specProperty(DataRole.TEST).get()).isNull();
        assertThat(data.builtInProperty().get()).isEmpty();
        // one labelled source for validation and test: DataSets splits it, and the dialog says so
        assertThat(data.notes()).containsExactly(DataSets.SPLIT_NOTE);
        assertThat(data.sourceLineProperty(DataRole.TEST).get())
                .isEqualTo("Test: Fashion-MNIST validation (test images 0–4999), test half · 2,500 examples");
        assertThat(main.dataProperty().get().profile()).isEqualTo(before);

        boolean[] applied = new boolean[1];
        robot.interact(() -> applied[0] = data.apply());
        assertThat(applied[0]).isTrue();
        DataProfile after = main.dataProperty().get().profile();
        assertThat(after.source(DataRole.TEST)).isEmpty();
        assertThat(after.source(DataRole.VALIDATION)).isEqualTo(before.source(DataRole.VALIDATION));
        assertThat(after.source(DataRole.TRAIN)).isEqualTo(before.source(DataRole.TRAIN));

        // a new window on the same settings folder finds the saved profile for lenet-5
        MainViewModel again = openLenet5(robot);
        assertThat(again.dataProperty().get().profile()).isEqualTo(after);
    }

    @Test
    void aPathThatCannotBeReadIsSaidBesideItsRoleAndChangesNothing(FxRobot robot) throws Exception {
        MainViewModel main = openLenet5(robot);
        DataViewModel data = editor(robot, main);
        Path notData = Files.writeString(settings.resolve("notes.txt"), "not data");
        String expected = whySpecForRefuses(notData);
        var validationBefore = data.specProperty(DataRole.VALIDATION).get();

        robot.interact(() -> data.choose(DataRole.VALIDATION, notData));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS,
                () -> !data.choiceProblemProperty(DataRole.VALIDATION).get().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(data.choiceProblemProperty(DataRole.VALIDATION).get()).isEqualTo(expected);
        assertThat(data.specProperty(DataRole.VALIDATION).get()).isEqualTo(validationBefore);
        assertThat(data.applicableProperty().get()).isTrue();
    }

    private static String whySpecForRefuses(Path path) {
        try {
            ModelData.specFor(path);
        } catch (DataException e) {
            return e.getMessage();
        }
        throw new AssertionError(path + " was expected not to be data");
    }

    @Test
    void meanAndStdTakeOneNumberOrOnePerChannel(FxRobot robot) throws Exception {
        MainViewModel main = openLenet5(robot);
        DataViewModel data = editor(robot, main);
        String[] problem = new String[1];
        robot.interact(() -> {
            data.meanProperty().set("0.5, 0.2");
            problem[0] = data.normalisationProblemProperty().get();
        });
        assertThat(problem[0]).isEqualTo("Mean: give one number for all channels or 1 (one per channel), not 2");
        assertThat(data.applicableProperty().get()).isFalse();

        robot.interact(() -> {
            data.meanProperty().set("0.2860");
            data.stdProperty().set("abc");
            problem[0] = data.normalisationProblemProperty().get();
        });
        assertThat(problem[0]).isEqualTo("Std: 'abc' is not a number");

        robot.interact(() -> {
            data.stdProperty().set("0");
            problem[0] = data.normalisationProblemProperty().get();
        });
        assertThat(problem[0]).isEqualTo("Std: 0 is not above 0 (each value divides a channel)");

        robot.interact(() -> data.stdProperty().set(" 0.3530 "));
        assertThat(data.normalisationProblemProperty().get()).isEmpty();
        assertThat(data.applicableProperty().get()).isTrue();
        var validation = data.profile().source(DataRole.VALIDATION).orElseThrow();
        assertThat(validation.option("mean", "")).isEqualTo("0.2860");
        assertThat(validation.option("std", "")).isEqualTo("0.3530");
        assertThat(data.profile().source(DataRole.TRAIN).orElseThrow().option("std", "")).isEqualTo("0.3530");
        waitForPreview(data);
    }
}
