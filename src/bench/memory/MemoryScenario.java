import dev.shears.pruning.PruningMode;
import dev.shears.ui.ShearsApp;
import dev.shears.ui.layers.LayerRow;
import dev.shears.ui.shell.MainView;
import dev.shears.ui.shell.MainViewModel;
import dev.shears.ui.shell.RecentFiles;
import dev.shears.ui.task.TaskRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.FutureTask;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableView;
import javafx.stage.Stage;

/**
 * Drives the real main window through what a user does first with a big layer — open the model,
 * select the layer in the tree (details, heatmap, histogram), move the threshold, preview a
 * structured pruning — and prints the process's resident memory after each step and its peak
 * (VmHWM from /proc/self/status). Optionally applies the pruning K times, then undoes every step.
 *
 * <p>Run under a display (Xvfb) with the app's jar on the class path (Java's source-file mode):
 * {@code java -Dprism.order=sw -cp target/shears.jar src/bench/memory/MemoryScenario.java MODEL LAYER [APPLIES]};
 * {@code src/bench/memory/measure-memory.sh} does all of it.
 */
public class MemoryScenario extends Application {
    private static final long STEP_TIMEOUT_MS = 30 * 60_000L;

    public static void main(String[] args) {
        launch(MemoryScenario.class, args);
    }

    private TaskRunner runner;
    private MainViewModel main;
    private MainView view;

    @Override
    public void start(Stage stage) throws Exception {
        // what the jar's Launcher does first, when this version of the app has it (HeapTuning)
        try {
            Class.forName("dev.shears.HeapTuning").getMethod("apply").invoke(null);
            System.out.println("heap tuned as the app's launcher tunes it (HeapTuning)");
        } catch (ClassNotFoundException older) {
            System.out.println("this version's launcher does not tune the heap");
        }
        List<String> args = getParameters().getRaw();
        Path model = Path.of(args.get(0));
        String layer = args.get(1);
        int applies = args.size() > 2 ? Integer.parseInt(args.get(2)) : 0;
        runner = new TaskRunner();
        main = new MainViewModel(runner, new RecentFiles(Files.createTempDirectory("shears-memory-settings")));
        view = ShearsApp.showMainWindow(stage, main);
        Thread driver = new Thread(() -> {
            try {
                run(model, layer, applies);
                System.out.flush();
                // the preview goes on measuring in the background: stopped, and waited for, first — halting
                // while OpenBLAS works makes its exit handler wait for its threads for ever
                onFx(() -> {
                    runner.cancelAll();
                    return null;
                });
                long until = System.currentTimeMillis() + 120_000;
                while (onFx(() -> runner.activeCountProperty().get()) > 0 && System.currentTimeMillis() < until) {
                    Thread.sleep(200);
                }
                Thread.sleep(1000);
                // halt, not exit: previews may still run in the background, and the figure is printed
                Runtime.getRuntime().halt(0);
            } catch (Throwable e) {
                e.printStackTrace();
                System.err.flush();
                Runtime.getRuntime().halt(2);
            }
        }, "memory-scenario");
        driver.setDaemon(true);
        driver.start();
    }

    private void run(Path model, String layer, int applies) throws Exception {
        report("window shown");
        onFx(() -> {
            main.open(model);
            return null;
        });
        waitFor("model open", () -> main.modelProperty().get() != null);
        waitIdle();
        report("model open (tree)");

        onFx(() -> {
            TreeTableView<LayerRow> tree = tree();
            TreeItem<LayerRow> item = find(tree.getRoot(), layer);
            if (item == null) {
                throw new IllegalArgumentException("no layer named " + layer + " in the tree");
            }
            tree.getSelectionModel().select(item);
            return null;
        });
        waitFor("layer weights", () -> view.weights().weightsProperty().get() != null);
        waitIdle();
        report("layer selected (details, heatmap, histogram)");

        for (double share : new double[] {0.3, 0.6, 0.9}) {
            onFx(() -> {
                view.weights().setPercentBelow(share);
                return null;
            });
            waitIdle();
        }
        report("threshold moved (30, 60, 90 %)");

        onFx(() -> {
            view.pruning().modeProperty().set(PruningMode.STRUCTURED);
            view.pruning().ratioProperty().set(0.5);
            return null;
        });
        waitFor("structured preview", () -> view.pruning().previewProperty().get() != null
                || view.pruning().agreementProperty().get() != null);
        waitIdle();
        report("structured preview (50 % of channels)");

        for (int i = 1; i <= applies; i++) {
            int before = onFx(() -> main.history().size());
            onFx(() -> {
                view.pruning().ratioProperty().set(0.1);
                view.pruning().apply();
                return null;
            });
            waitFor("apply " + i, () -> main.history().size() > before);
            waitIdle();
            report("applied step " + i);
        }
        if (applies > 0) {
            for (int i = applies; i > 0; i--) {
                int target = i - 1;
                onFx(() -> {
                    main.undo();
                    return null;
                });
                waitFor("undo to " + target, () -> main.currentStepProperty().get() == target
                        && main.modelProperty().get() == main.history().get(target).model());
                waitIdle();
            }
            report("undone to the opened model");
        }
        System.out.printf("PEAK resident (VmHWM): %d MB%n", status("VmHWM") / 1024);
    }

    private static TreeItem<LayerRow> find(TreeItem<LayerRow> item, String name) {
        if (item.getValue() != null && name.equals(item.getValue().name())) {
            return item;
        }
        for (TreeItem<LayerRow> child : item.getChildren()) {
            TreeItem<LayerRow> found = find(child, name);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private TreeTableView<LayerRow> tree() {
        List<Node> found = new ArrayList<>(view.lookupAll(".tree-table-view"));
        return (TreeTableView<LayerRow>) found.get(0);
    }

    /** Idle: no task in the status bar for 3 s in a row (quiet redraws finish well inside that). */
    private void waitIdle() throws Exception {
        long idleSince = -1;
        long deadline = System.currentTimeMillis() + STEP_TIMEOUT_MS;
        while (System.currentTimeMillis() < deadline) {
            boolean running = onFx(() -> runner.runningProperty().get());
            long now = System.currentTimeMillis();
            if (running) {
                idleSince = -1;
            } else if (idleSince < 0) {
                idleSince = now;
            } else if (now - idleSince >= 3000) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("still busy after " + STEP_TIMEOUT_MS / 60_000 + " min");
    }

    private void waitFor(String what, Callable<Boolean> condition) throws Exception {
        long deadline = System.currentTimeMillis() + STEP_TIMEOUT_MS;
        while (!onFx(condition)) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            Thread.sleep(200);
        }
    }

    private static <T> T onFx(Callable<T> work) throws Exception {
        FutureTask<T> task = new FutureTask<>(work);
        Platform.runLater(task);
        return task.get();
    }

    private static void report(String step) throws Exception {
        Runtime rt = Runtime.getRuntime();
        System.out.printf("%-48s resident %6d MB  peak %6d MB  heap used %5d MB of %5d MB committed%n", step,
                status("VmRSS") / 1024, status("VmHWM") / 1024, (rt.totalMemory() - rt.freeMemory()) >> 20,
                rt.totalMemory() >> 20);
    }

    /** A field of /proc/self/status in kB. */
    private static long status(String field) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException(field + " not in /proc/self/status");
    }
}
