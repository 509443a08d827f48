package dev.shears.ui.pruning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.FashionSplits;
import dev.shears.data.DataException;
import dev.shears.data.DataSource;
import dev.shears.data.Examples;
import dev.shears.eval.PreviewMeasure;
import dev.shears.export.ExportResult;
import dev.shears.io.LoadedModel;
import dev.shears.io.ModelLoader;
import dev.shears.io.SampleLocations;
import dev.shears.model.TensorShape;
import dev.shears.pruning.recipes.PruningSpecJson;
import dev.shears.task.Cancellation;
import dev.shears.task.ProgressListener;
import dev.shears.ui.export.ExportViewModel;
import dev.shears.ui.shell.MainViewModel;
import dev.shears.ui.shell.RecentFiles;
import dev.shears.ui.task.TaskRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Apply and export from the view models on {@link TaskRunner#onCurrentThread()}: every task runs to its
 * end inside the call, so the assertions follow the calls without a toolkit or waiting. Real lenet-5,
 * real Fashion-MNIST.
 */
class ApplyOnCurrentThreadTest {
    @TempDir
    Path folder;

    @Test
    void applyAndExportWorkAfterTheOpenedFileIsDeletedAndRecordItsHashFromOpening() throws Exception {
        Path opened = folder.resolve("lenet-5.zip");
        Files.copy(SampleLocations.sampleModel("lenet-5"), opened);
        String hashAtOpen = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(Files.readAllBytes(opened)));
        TaskRunner runner = TaskRunner.onCurrentThread();
        MainViewModel main = new MainViewModel(runner, new RecentFiles(folder.resolve("settings")));
        main.open(opened);
        // opened inside the call (no waiting), its hash taken there: the provenance the deleted file leaves
        assertThat(main.modelProperty().get().sourceSha256()).isEqualTo(hashAtOpen);
        PruningViewModel pruning = new PruningViewModel(runner, main);
        ExportViewModel exporter = new ExportViewModel(runner, main, Optional::empty);
        exporter.setTestImages(200);

        Files.delete(opened);
        pruning.ratioProperty().set(0.5);
        pruning.apply();

        assertThat(main.lastErrorProperty().get()).isNull();
        assertThat(main.currentStepProperty().get()).isEqualTo(1);
        assertThat(main.current().report().orElseThrow().provenance().sourceSha256()).isEqualTo(hashAtOpen);
        assertThat(main.current().validation()).isPresent();
        exporter.export(folder.resolve("out"), "lenet-5-half");
        ExportResult result = exporter.lastResultProperty().get();
        assertThat(result.exported()).isTrue();
        assertThat(Files.readString(folder.resolve("out/lenet-5-half.report.html"))).contains(hashAtOpen);
        assertThat(opened).doesNotExist();
    }

    @Test
    void aPruningThatPassedItsChecksIsKeptWhenTheAccuracyAfterItCannotBeRead() throws Exception {
        LoadedModel lenet5 = ModelLoader.load(SampleLocations.sampleModel("lenet-5"));
        DataSource unreadableAfterTheCheck = new FirstExamplesOnly(FashionSplits.validation(), 256);

        PruningViewModel.Applied applied = PruningViewModel.applyAndMeasure(lenet5,
                PruningSpecJson.read("{\"version\": 1, \"ratio\": 0.4}"),
                new PreviewMeasure.Accuracy(unreadableAfterTheCheck), java.util.Optional.empty(), ProgressListener.NONE,
                Cancellation.none());

        assertThat(applied.step().report().orElseThrow().equivalent()).isTrue();
        assertThat(applied.step().model().graph().totalParams()).isLessThan(lenet5.graph().totalParams());
        assertThat(applied.step().validation()).isEmpty();
        assertThat(applied.accuracyProblem()).get().asString()
                .contains("only its first 256 examples can be read").doesNotContain("Exception");
    }

    @Test
    void applyAndThePreviewsBeforeAndAfterItAreRecordedInTheTaskListWithTheirOutcome() throws Exception {
        Path opened = folder.resolve("lenet-5.zip");
        Files.copy(SampleLocations.sampleModel("lenet-5"), opened);
        TaskRunner runner = TaskRunner.onCurrentThread();
        MainViewModel main = new MainViewModel(runner, new RecentFiles(folder.resolve("settings")));
        main.open(opened);
        PruningViewModel pruning = new PruningViewModel(runner, main);
        pruning.ratioProperty().set(0.3);
        pruning.apply();

        assertThat(runner.tasks()).filteredOn(t -> t.description().startsWith("Applying"))
                .singleElement().satisfies(t -> assertThat(t.outcomeProperty().get()).isEqualTo("Finished."));
        // one preview of the choice on the opened model, one on the pruned model that Apply made current
        assertThat(runner.tasks()).filteredOn(t -> t.description().startsWith("Previewing Remove 30 %"))
                .hasSize(2).allSatisfy(t -> assertThat(t.outcomeProperty().get()).isEqualTo("Finished."));
        assertThat(main.currentStepProperty().get()).isEqualTo(1);
    }

    /** Real validation data whose examples past the first {@code readable} cannot be read (a drive gone). */
    private record FirstExamplesOnly(DataSource data, int readable) implements DataSource {
        @Override
        public String name() {
            return data.name();
        }

        @Override
        public int size() {
            return data.size();
        }

        @Override
        public TensorShape exampleShape() {
            return data.exampleShape();
        }

        @Override
        public List<String> classNames() {
            return data.classNames();
        }

        @Override
        public boolean labelled() {
            return data.labelled();
        }

        @Override
        public String fingerprint() {
            return data.fingerprint();
        }

        @Override
        public int[] labels() throws DataException {
            return data.labels(); // kept apart from the examples, as IDX label files are
        }

        @Override
        public Examples read(int[] indices) throws DataException {
            if (Arrays.stream(indices).anyMatch(i -> i >= readable)) {
                throw new DataException(name() + ": only its first " + readable + " examples can be read");
            }
            return data.read(indices);
        }
    }
}
