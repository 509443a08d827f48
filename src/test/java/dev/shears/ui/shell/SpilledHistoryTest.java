package dev.shears.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.io.ModelHistoryStore;
import dev.shears.io.SampleLocations;
import dev.shears.ui.pruning.PruningViewModel;
import dev.shears.ui.task.TaskRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The undo history keeps the opened model and the two newest steps in memory and writes older ones
 * to disk ({@link MainViewModel#HISTORY_IN_MEMORY}). Driven through the window's own view models — the
 * pruning panel's Apply, the history's undo — on {@link TaskRunner#onCurrentThread()}, so every
 * task, reading a step back from disk included, ends inside the call. Real lenet-300-100, each Apply
 * removing 20 % of the channels left.
 */
class SpilledHistoryTest {
    private static final int APPLIES = 4;

    @TempDir
    Path settings;
    MainViewModel main;
    PruningViewModel pruning;
    /** Parameters of the model shown at each step, 0 = opened. */
    final List<Long> params = new ArrayList<>();

    @BeforeEach
    void applyFourTimes() throws Exception {
        TaskRunner runner = TaskRunner.onCurrentThread();
        main = new MainViewModel(runner, new RecentFiles(settings));
        main.open(SampleLocations.sampleModel("lenet-300-100"));
        pruning = new PruningViewModel(runner, main);
        params.add(shownParams());
        pruning.ratioProperty().set(0.2);
        for (int i = 1; i <= APPLIES; i++) {
            pruning.apply();
            assertThat(main.lastErrorProperty().get()).isNull();
            assertThat(main.currentStepProperty().get()).isEqualTo(i);
            params.add(shownParams());
            assertThat(params.get(i)).as("step %d is smaller than the one before", i).isLessThan(params.get(i - 1));
        }
        store().awaitSpills();
    }

    @AfterEach
    void closeTheHistory() {
        main.historyStore().ifPresent(ModelHistoryStore::close);
    }

    @Test
    void undoingPastStepsWrittenToDiskShowsEachEarlierModel() throws Exception {
        assertThat(main.history().get(0).stored().inMemory()).as("the opened model stays").isTrue();
        assertThat(main.history().subList(1, APPLIES - 1)).as("steps 1 and 2 are on disk")
                .noneMatch(step -> step.stored().inMemory());
        for (int step = APPLIES - 1; step >= 0; step--) {
            boolean fromDisk = !main.history().get(step).stored().inMemory();
            main.undo();
            assertThat(main.currentStepProperty().get()).isEqualTo(step);
            assertThat(main.modelProperty().get()).as("step %d is shown", step)
                    .isSameAs(main.history().get(step).stored().ifInMemory().orElseThrow());
            assertThat(shownParams()).as("the model of step %d%s", step, fromDisk ? ", read back from disk" : "")
                    .isEqualTo(params.get(step));
        }
        assertThat(main.lastErrorProperty().get()).isNull();
    }

    @Test
    void applyingAfterUndoingDropsTheRedoTailWithItsFiles() throws Exception {
        List<Path> files = spillFiles();
        assertThat(files).as("steps 1 and 2 written, in that order").hasSize(2);
        main.goTo(1); // read back; step 3 now goes to disk in its place
        store().awaitSpills();
        assertThat(spillFiles()).hasSize(3);

        pruning.apply(); // from step 1: steps 2 to 4 are dropped
        store().awaitSpills();

        assertThat(main.history()).hasSize(3);
        assertThat(shownParams()).isLessThan(params.get(1));
        assertThat(spillFiles()).as("only step 1's file is left: the dropped steps' files are deleted")
                .containsExactly(files.get(0));
    }

    @Test
    void openingAnotherModelDeletesTheFilesOfThePreviousHistory() throws Exception {
        List<Path> files = spillFiles();
        assertThat(files).as("steps 1 and 2 written").hasSize(2).allMatch(Files::isRegularFile);

        main.open(SampleLocations.sampleModel("lenet-5"));
        store().awaitSpills();

        assertThat(main.history()).hasSize(1);
        assertThat(files).noneMatch(Files::exists);
        assertThat(spillFiles()).isEmpty();
    }

    private long shownParams() {
        return main.modelProperty().get().network().numParams();
    }

    private ModelHistoryStore store() {
        return main.historyStore().orElseThrow();
    }

    private List<Path> spillFiles() throws Exception {
        try (Stream<Path> files = Files.list(store().folder())) {
            return files.sorted().toList();
        }
    }
}
