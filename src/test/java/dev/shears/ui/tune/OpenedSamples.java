package dev.shears.ui.tune;

import dev.shears.ui.shell.MainViewModel;
import dev.shears.ui.shell.RecentFiles;
import dev.shears.ui.task.TaskRunner;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** The window's main view model with a bundled sample opened, for tests of the view models around it. */
final class OpenedSamples {
    private OpenedSamples() {
    }

    static MainViewModel open(FxRobot robot, Path settings, String sample) throws Exception {
        MainViewModel[] main = new MainViewModel[1];
        robot.interact(() -> {
            main[0] = new MainViewModel(new TaskRunner(), new RecentFiles(settings));
            main[0].openSample(sample);
        });
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> main[0].modelProperty().get() != null);
        return main[0];
    }
}
