package dev.shears.ui.weights;

import dev.shears.io.LoadedModel;
import dev.shears.ui.ShearsApp;
import dev.shears.ui.shell.MainView;
import dev.shears.ui.shell.MainViewModel;
import dev.shears.ui.shell.RecentFiles;
import dev.shears.ui.task.TaskRunner;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.stage.Stage;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/** The real main window on the bundled lenet-5, for weight-view tests. */
@ExtendWith(ApplicationExtension.class)
abstract class Lenet5WindowFixture {
    @TempDir
    static Path settings;

    MainViewModel viewModel;
    MainView view;

    /** Call from the subclass's {@code @Start} method (TestFX only finds those declared there). */
    void open(Stage stage) {
        viewModel = new MainViewModel(new TaskRunner(), new RecentFiles(settings));
        view = ShearsApp.showMainWindow(stage, viewModel);
        viewModel.openSample("lenet-5");
    }

    /** Waits for lenet-5, selects a layer and waits until its weights are loaded. */
    LoadedModel select(FxRobot robot, String layer) throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> viewModel.modelProperty().get() != null
                && view.pruning().sizesProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();
        LoadedModel model = viewModel.modelProperty().get();
        robot.interact(() -> view.layers().select(model.graph().node(layer).orElseThrow()));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> view.weights().weightsProperty().get() != null
                && view.weights().weightsProperty().get().node().name().equals(layer));
        return model;
    }
}
