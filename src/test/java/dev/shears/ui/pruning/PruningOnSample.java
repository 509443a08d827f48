package dev.shears.ui.pruning;

import dev.shears.eval.AccuracyEstimate;
import dev.shears.ui.shell.MainViewModel;
import dev.shears.ui.shell.RecentFiles;
import dev.shears.ui.task.TaskRunner;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** The window's view models (main and pruning panel, no window) with a bundled sample opened, on the FX thread. */
record PruningOnSample(MainViewModel main, PruningViewModel pruning) {
    /** Opens {@code sample}; returns once its channel groups are analysed and its data is open. */
    static PruningOnSample open(FxRobot robot, Path settings, String sample) throws Exception {
        PruningOnSample[] opened = new PruningOnSample[1];
        robot.interact(() -> {
            MainViewModel main = new MainViewModel(new TaskRunner(), new RecentFiles(settings));
            // made before the model opens, so that it sees the model arrive as in the window
            opened[0] = new PruningOnSample(main, new PruningViewModel(main.runner(), main));
            main.openSample(sample);
        });
        WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, () -> opened[0].pruning.plannerProperty().get() != null
                && opened[0].main.dataProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();
        return opened[0];
    }

    /** The next preview once it covers the whole validation data (the one running, or the one after a change). */
    AccuracyEstimate completePreview() throws Exception {
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> pruning.previewProperty().get() == null
                || !pruning.previewProperty().get().complete());
        WaitForAsyncUtils.waitFor(180, TimeUnit.SECONDS, () -> pruning.previewProperty().get() != null
                && pruning.previewProperty().get().complete());
        WaitForAsyncUtils.waitForFxEvents();
        return pruning.previewProperty().get();
    }
}
