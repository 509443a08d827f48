package dev.shears.ui.compare;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.analysis.ModelComparison;
import dev.shears.analysis.heatmap.WeightDifference;
import dev.shears.io.ModelHistoryStore;
import dev.shears.io.SampleLocations;
import dev.shears.pruning.PruningMode;
import dev.shears.ui.pruning.PruningViewModel;
import dev.shears.ui.shell.HistoryStep;
import dev.shears.ui.shell.MainViewModel;
import dev.shears.ui.shell.RecentFiles;
import dev.shears.ui.task.TaskRecord;
import dev.shears.ui.task.TaskRunner;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Comparing two steps of the history that were written to disk: they are read back in the comparison's named
 * task, and the difference of a layer is B − A of the models read back. Real lenet-300-100 through the window's
 * own view models on {@link TaskRunner#onCurrentThread()}: step 1 removes 20 % of the channels, step 2 zeroes
 * half of the weights left, steps 3 and 4 remove channels again and push steps 1 and 2 out of memory.
 */
class CompareStepsTest {
    @TempDir
    Path settings;
    TaskRunner runner;
    MainViewModel main;

    @BeforeEach
    void applyFourSteps() throws Exception {
        runner = TaskRunner.onCurrentThread();
        main = new MainViewModel(runner, new RecentFiles(settings));
        main.open(SampleLocations.sampleModel("lenet-300-100"));
        PruningViewModel pruning = new PruningViewModel(runner, main);
        pruning.ratioProperty().set(0.2);
        pruning.apply();
        pruning.modeProperty().set(PruningMode.UNSTRUCTURED);
        pruning.ratioProperty().set(0.5);
        pruning.apply();
        pruning.modeProperty().set(PruningMode.STRUCTURED);
        pruning.ratioProperty().set(0.2);
        pruning.apply();
        pruning.apply();
        assertThat(main.lastErrorProperty().get()).isNull();
        assertThat(main.currentStepProperty().get()).isEqualTo(4);
        main.historyStore().orElseThrow().awaitSpills();
    }

    @AfterEach
    void closeTheHistory() {
        main.historyStore().ifPresent(ModelHistoryStore::close);
    }

    @Test
    void stepsOnDiskAreReadBackInANamedTaskAndTheirDifferenceIsBMinusA() {
        assertThat(main.history().subList(1, 3)).as("steps 1 and 2 are on disk")
                .noneMatch(step -> step.stored().inMemory());
        CompareViewModel compare = new CompareViewModel(runner);

        compare.compareSteps(side(1), side(2), Optional.ofNullable(main.dataProperty().get()));

        assertThat(runner.tasks()).filteredOn(t -> t.name().equals(CompareViewModel.LOAD_TASK))
                .extracting(TaskRecord::description)
                .containsExactly("Reading lenet-300-100 (step 1) and lenet-300-100 (step 2) back from disk to"
                        + " compare…");
        assertThat(compare.statusProperty().get()).isEmpty();
        ModelComparison comparison = compare.comparisonProperty().get();
        assertThat(comparison.changed()).as("zeroing weights keeps every shape").isNotEmpty()
                .allMatch(ModelComparison.Row::sameParamShapes);
        assertThat(compare.accuracyProperty().get()).startsWith("Validation top-1")
                .contains("lenet-300-100 (step 1)").contains("lenet-300-100 (step 2)");

        ModelComparison.Row fc1 = row(comparison, "fc1");
        compare.select(fc1);

        CompareViewModel.Difference difference = compare.differenceProperty().get();
        float[] a = main.history().get(1).stored().ifInMemory().orElseThrow().paramValues("fc1", "W");
        float[] b = main.history().get(2).stored().ifInMemory().orElseThrow().paramValues("fc1", "W");
        int nOut = (int) difference.tensor().shape().dim(1);
        WeightDifference values = difference.values();
        int zeroed = 0;
        while (!(b[zeroed] == 0 && a[zeroed] != 0)) {
            zeroed++;
        }
        assertThat(values.differenceAt(zeroed / nOut, zeroed % nOut)).isEqualTo(-a[zeroed]);
        assertThat(values.secondAt(zeroed / nOut, zeroed % nOut)).isZero();
        long changed = 0;
        for (int i = 0; i < a.length; i++) {
            changed += a[i] != b[i] ? 1 : 0;
        }
        assertThat(difference.summary().changed()).isEqualTo(changed).isPositive();
        assertThat(compare.differenceNoteProperty().get()).startsWith("fc1 W [" + a.length / nOut + ", " + nOut
                + "]: " + dev.shears.analysis.Formats.exact(changed) + " of " + dev.shears.analysis.Formats.exact(a.length)
                + " weights differ");
    }

    @Test
    void aLayerWhoseShapeChangedGetsASentenceInsteadOfADifference() {
        CompareViewModel compare = new CompareViewModel(runner);
        compare.compareSteps(side(0), side(1), Optional.empty());

        compare.select(row(compare.comparisonProperty().get(), "fc1"));

        long before = main.history().get(0).graph().node("fc1").orElseThrow().params().get(0).shape().dim(1);
        long after = main.history().get(1).graph().node("fc1").orElseThrow().params().get(0).shape().dim(1);
        assertThat(after).isLessThan(before);
        assertThat(compare.differenceProperty().get()).isNull();
        assertThat(compare.differenceNoteProperty().get()).isEqualTo("fc1 has " + after + " neurons in"
                + " lenet-300-100 (step 1) and " + before + " in lenet-300-100: no element-wise difference.");
    }

    private CompareViewModel.Side side(int index) {
        HistoryStep step = main.history().get(index);
        return new CompareViewModel.Side(main.stepName(index), step.graph(), () -> main.modelOf(step),
                !step.stored().inMemory());
    }

    private static ModelComparison.Row row(ModelComparison comparison, String name) {
        return comparison.rows().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }
}
