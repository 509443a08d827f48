package dev.shears.ui.pruning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.data.DataRole;
import dev.shears.eval.Evaluator;
import dev.shears.io.LoadedModel;
import dev.shears.io.ModelData;
import dev.shears.io.ModelFiles;
import dev.shears.io.ModelLoader;
import dev.shears.io.SampleLocations;
import dev.shears.ui.shell.MainViewModel;
import dev.shears.ui.shell.RecentFiles;
import dev.shears.ui.task.TaskRunner;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** A model that is no sample, opened with {@code --data}: its baseline and preview use that data at once. */
@ExtendWith(ApplicationExtension.class)
class OpenWithDataFxTest {
    @TempDir
    Path dir;

    @Start
    void start(javafx.stage.Stage stage) {
        // no window: the view models alone
    }

    @Test
    void theGivenDataBecomesTheValidationDataAndTheBaselineIsMeasuredOnIt(FxRobot robot) throws Exception {
        // a re-saved lenet-5 is not byte-identical to the sample, so it has no built-in data
        LoadedModel sample = ModelLoader.load(SampleLocations.sampleModel("lenet-5"));
        Path model = dir.resolve("mine.zip");
        ModelFiles.save(sample.network(), model);
        Path data = SampleLocations.fashionMnistFolder();
        MainViewModel[] main = new MainViewModel[1];
        PruningViewModel[] pruning = new PruningViewModel[1];
        robot.interact(() -> {
            main[0] = new MainViewModel(new TaskRunner(), new RecentFiles(dir.resolve("settings")));
            pruning[0] = new PruningViewModel(main[0].runner(), main[0]);
            main[0].open(model, Optional.of(data));
        });
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> pruning[0].baselineProperty().get() != null
                && pruning[0].baselineProperty().get().complete());

        assertThat(main[0].dataProperty().get().profile().source(DataRole.VALIDATION))
                .contains(ModelData.specFor(data));
        // the IDX folder alone is split into halves: the baseline covers the validation half
        var validation = main[0].dataProperty().get().get(DataRole.VALIDATION).orElseThrow();
        assertThat(pruning[0].baselineProperty().get().total()).isEqualTo(validation.size());
        assertThat(pruning[0].baselineProperty().get().accuracy())
                .isEqualTo(Evaluator.evaluate(sample.network(), validation).accuracy());
    }
}
