package dev.shears.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.io.LoadedModel;
import dev.shears.io.ModelLoader;
import dev.shears.io.SampleLocations;
import dev.shears.ui.task.TaskRunner;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Undo/redo history semantics: the redo tail, results that arrive after the user moved, lineage. */
class HistoryTest {
    @TempDir
    Path settings;
    MainViewModel main;
    LoadedModel model;

    @BeforeEach
    void open() throws Exception {
        model = ModelLoader.load(SampleLocations.sampleModel("lenet-300-100"));
        main = new MainViewModel(new TaskRunner(), new RecentFiles(settings));
        main.startHistory(model, dev.shears.data.DataProfile.NONE);
    }

    /** The store may be writing an older step into the settings folder: done before the folder goes. */
    @org.junit.jupiter.api.AfterEach
    void closeTheHistory() {
        main.historyStore().ifPresent(dev.shears.io.ModelHistoryStore::close);
    }

    private HistoryStep step(String label) {
        return new HistoryStep(label, model, Optional.empty(), Optional.empty(), Optional.empty());
    }

    @Test
    void applyingFromTheCurrentStepDropsTheRedoTail() {
        HistoryStep a = step("a");
        HistoryStep b = step("b");
        main.pushStep(a);
        main.pushStep(b);
        main.undo();
        HistoryStep c = step("c");
        main.pushStep(c);
        assertThat(main.history()).extracting(HistoryStep::label).containsExactly("Opened lenet-300-100", "a", "c");
        assertThat(main.lineage(2)).extracting(HistoryStep::label).containsExactly("Opened lenet-300-100", "a", "c");
    }

    @Test
    void aResultThatArrivesAfterTheUserMovedIsAppendedAndKeepsItsLineage() {
        HistoryStep a = step("a");
        main.pushStep(a);
        HistoryStep b = step("b");
        main.pushStep(b);
        main.goTo(0); // the user looks at the original while a fine-tune of "b" still runs
        main.pushStep(b, step("tuned b"));
        assertThat(main.history()).extracting(HistoryStep::label)
                .containsExactly("Opened lenet-300-100", "a", "b", "tuned b");
        assertThat(main.currentStepProperty().get()).isEqualTo(3);
        assertThat(main.lineage(3)).extracting(HistoryStep::label)
                .containsExactly("Opened lenet-300-100", "a", "b", "tuned b");
    }

    @Test
    void aResultForAModelNoLongerOpenIsDiscardedWithAMessage() {
        HistoryStep stale = step("from another file");
        assertThat(main.pushStep(stale, step("x"))).isFalse();
        assertThat(main.history()).hasSize(1);
        assertThat(main.lastErrorProperty().get().title()).isEqualTo("Result discarded");
    }
}
