package dev.shears.ui.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner's lanes and task records with real lane threads; a single-thread executor stands in for
 * the JavaFX thread, so no toolkit is needed. Waits are on latches and states, never on durations.
 */
class TaskRunnerLanesTest {
    private final ExecutorService uiThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-ui"));
    private final TaskRunner runner = TaskRunner.deliveringOn(uiThread);
    private final List<String> delivered = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() throws Exception {
        onUi(() -> {
            runner.cancelAll();
            return null;
        });
        // cancelled work still reports its end through the stand-in UI thread: stopping that thread first
        // made a late report fail on a lane thread, and the failure surfaced in whichever FX test ran next
        // so each lane (one thread, in order) runs one last empty task behind them, delivered on that thread
        CountDownLatch drained = new CountDownLatch(Lane.values().length);
        onUi(() -> {
            for (Lane lane : Lane.values()) {
                runner.submit(lane, "drain " + lane, "", false, (p, c) -> null, r -> drained.countDown(),
                        e -> drained.countDown());
            }
            return null;
        });
        drained.await(60, TimeUnit.SECONDS);
        uiThread.shutdown();
    }

    @Test
    void aHeldLaneStartsItsTasksInOrderOnlyWhenReleasedAndSkipsTheCancelledOnes() {
        // runs each task inside submit: whatever has not run by the time submit returns was held back
        TaskRunner direct = TaskRunner.onCurrentThread();
        List<String> ran = new CopyOnWriteArrayList<>();
        Runnable release = direct.hold(Lane.PREVIEW);
        direct.submit(Lane.PREVIEW, "baseline", "Measuring…", false, (p, c) -> ran.add("baseline"), r -> { },
                e -> { });
        direct.submit(Lane.PREVIEW, "groups", "Analysing…", false, (p, c) -> ran.add("groups"), r -> { }, e -> { });
        direct.submit(Lane.PREVIEW, "dropped", "Dropped…", false, (p, c) -> ran.add("dropped"), r -> { }, e -> { });
        direct.submit(Lane.INTERACTIVE, "open", "Opening…", true, (p, c) -> ran.add("open"), r -> { }, e -> { });
        direct.cancel("dropped");
        assertThat(ran).containsExactly("open");
        assertThat(direct.tasks().stream().filter(t -> t.lane() == Lane.PREVIEW).map(TaskRecord::state))
                .containsExactly(TaskRecord.State.WAITING, TaskRecord.State.WAITING, TaskRecord.State.CANCELLED);

        release.run();
        assertThat(ran).containsExactly("open", "baseline", "groups");
        direct.submit(Lane.PREVIEW, "later", "Later…", false, (p, c) -> ran.add("later"), r -> { }, e -> { });
        assertThat(ran).containsExactly("open", "baseline", "groups", "later");
    }

    @Test
    void aPreviewRunsAndDeliversWhileAFineTuneHoldsTheTrainingLane() throws Exception {
        CountDownLatch tuning = new CountDownLatch(1);
        CountDownLatch releaseTuning = new CountDownLatch(1);
        onUi(() -> {
            runner.submit(Lane.TRAINING, "tune", "Fine-tuning…", true, (p, c) -> {
                tuning.countDown();
                releaseTuning.await(30, TimeUnit.SECONDS);
                return "tuned";
            }, delivered::add, e -> delivered.add("error"));
            return null;
        });
        assertThat(tuning.await(30, TimeUnit.SECONDS)).isTrue();

        TaskRecord preview = onUi(() -> {
            runner.submit(Lane.PREVIEW, "preview", "Previewing…", false, (p, c) -> "previewed", delivered::add,
                    e -> delivered.add("error"));
            return last();
        });
        waitUntil(() -> delivered.contains("previewed"));

        assertThat(onUi(preview::state)).isEqualTo(TaskRecord.State.DONE);
        assertThat(onUi(() -> find("Fine-tuning…").state())).isEqualTo(TaskRecord.State.RUNNING);
        assertThat(delivered).containsExactly("previewed");
        releaseTuning.countDown();
        waitUntil(() -> delivered.contains("tuned"));
    }

    @Test
    void tasksOfOneLaneRunOneAtATimeAndTheWaitingOneSaysWhatItWaitsFor() throws Exception {
        CountDownLatch releaseTuning = new CountDownLatch(1);
        List<String> started = new CopyOnWriteArrayList<>();
        TaskRecord scan = onUi(() -> {
            runner.submit(Lane.TRAINING, "tune", "Fine-tuning…", true, (p, c) -> {
                started.add("tune");
                releaseTuning.await(30, TimeUnit.SECONDS);
                return "tuned";
            }, delivered::add, e -> delivered.add("error"));
            runner.submit(Lane.TRAINING, "scan", "Sensitivity scan…", true, (p, c) -> {
                started.add("scan");
                return "scanned";
            }, delivered::add, e -> delivered.add("error"));
            return last();
        });
        waitUntil(() -> started.contains("tune"));

        assertThat(onUi(scan::state)).isEqualTo(TaskRecord.State.WAITING);
        assertThat(onUi(() -> scan.messageProperty().get())).isEqualTo(
                "Waiting for ‘Fine-tuning’ to finish: fine-tuning and scans run one at a time.");
        assertThat(started).containsExactly("tune");

        releaseTuning.countDown();
        waitUntil(() -> delivered.size() == 2);
        assertThat(started).containsExactly("tune", "scan");
        assertThat(delivered).containsExactly("tuned", "scanned");
        assertThat(onUi(() -> scan.outcomeProperty().get())).isEqualTo("Finished.");
    }

    @Test
    void aWaitingTaskCancelledEndsAtOnceAndNeverRunsThoughItsLaneIsStillBusy() throws Exception {
        CountDownLatch releaseTuning = new CountDownLatch(1);
        List<String> started = new CopyOnWriteArrayList<>();
        List<String> ended = new CopyOnWriteArrayList<>();
        TaskRecord scan = onUi(() -> {
            runner.submit(Lane.TRAINING, "tune", "Fine-tuning…", true, (p, c) -> {
                started.add("tune");
                releaseTuning.await(30, TimeUnit.SECONDS);
                return "tuned";
            }, delivered::add, e -> delivered.add("error"));
            runner.submit(Lane.TRAINING, "scan", "Sensitivity scan…", true, (p, c) -> {
                started.add("scan");
                return "scanned";
            }, delivered::add, e -> delivered.add("error"));
            runner.whenDone("scan", () -> ended.add("scan"));
            return last();
        });
        waitUntil(() -> started.contains("tune"));

        onUi(() -> {
            scan.cancel();
            return null;
        });
        waitUntil(() -> ended.contains("scan"));

        assertThat(onUi(scan::state)).isEqualTo(TaskRecord.State.CANCELLED);
        assertThat(onUi(() -> find("Fine-tuning…").state())).isEqualTo(TaskRecord.State.RUNNING);
        releaseTuning.countDown();
        waitUntil(() -> delivered.contains("tuned"));
        assertThat(started).containsExactly("tune");
        assertThat(delivered).containsExactly("tuned");
        assertThat(onUi(scan::state)).isEqualTo(TaskRecord.State.CANCELLED);
    }

    @Test
    void cancellingOneTaskStopsThatTaskOnlyAndSaysSo() throws Exception {
        CountDownLatch bothRunning = new CountDownLatch(2);
        List<TaskRecord> records = onUi(() -> {
            for (Lane lane : List.of(Lane.TRAINING, Lane.MODEL)) {
                runner.submit(lane, lane.name(), lane.name() + " work…", true, (p, c) -> {
                    bothRunning.countDown();
                    while (true) {
                        c.throwIfCancelled();
                        Thread.sleep(2);
                    }
                }, r -> delivered.add(lane + " delivered"), e -> delivered.add(lane + " failed"));
            }
            return List.copyOf(runner.tasks());
        });
        assertThat(bothRunning.await(30, TimeUnit.SECONDS)).isTrue();
        TaskRecord training = records.get(0);
        TaskRecord model = records.get(1);

        onUi(() -> {
            training.cancel();
            return null;
        });
        waitUntil(() -> onUiQuietly(training::state) == TaskRecord.State.CANCELLED);

        assertThat(onUi(model::state)).isEqualTo(TaskRecord.State.RUNNING);
        assertThat(onUi(() -> training.outcomeProperty().get())).isEqualTo("Cancelled.");
        assertThat(model.cancelRequested()).isFalse();
        assertThat(delivered).isEmpty();
    }

    @Test
    void aReplacedRunningTaskEndsCancelledAndOnlyTheNewerResultIsDelivered() throws Exception {
        CountDownLatch firstStarted = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        TaskRecord first = onUi(() -> {
            runner.submit(Lane.PREVIEW, "preview", "Previewing 30 %…", false, (p, c) -> {
                firstStarted.countDown();
                releaseFirst.await(30, TimeUnit.SECONDS);
                return "30 %";
            }, delivered::add, e -> delivered.add("error"));
            return last();
        });
        assertThat(firstStarted.await(30, TimeUnit.SECONDS)).isTrue();
        onUi(() -> {
            runner.submit(Lane.PREVIEW, "preview", "Previewing 60 %…", false, (p, c) -> "60 %", delivered::add,
                    e -> delivered.add("error"));
            return null;
        });
        assertThat(first.cancelRequested()).isTrue();
        releaseFirst.countDown();
        waitUntil(() -> delivered.contains("60 %"));

        assertThat(delivered).containsExactly("60 %");
        assertThat(onUi(first::state)).isEqualTo(TaskRecord.State.CANCELLED);
        assertThat(onUi(() -> first.outcomeProperty().get())).isEqualTo(
                "Replaced by a newer request before it finished.");
    }

    @Test
    void aFailedTaskEndsWithASentenceNamingTheFileNotTheException(@TempDir Path folder) throws Exception {
        Path missing = folder.resolve("missing.zip");
        TaskRecord read = onUi(() -> {
            runner.submit(Lane.MODEL, "read", "Reading missing.zip…", true, (p, c) -> Files.readAllBytes(missing),
                    r -> delivered.add("read"), e -> delivered.add("failed"));
            return last();
        });
        waitUntil(() -> delivered.contains("failed"));

        assertThat(onUi(read::state)).isEqualTo(TaskRecord.State.FAILED);
        assertThat(onUi(() -> read.outcomeProperty().get())).contains(missing.toString())
                .doesNotContain("Exception");
    }

    @Test
    void onTheCurrentThreadATaskIsDeliveredBeforeSubmitReturnsAndOnlyTheNewestEndedTasksAreKept() {
        TaskRunner direct = TaskRunner.onCurrentThread();
        for (int i = 0; i < TaskRunner.RECENT_KEPT + 3; i++) {
            int n = i;
            direct.submit(Lane.PREVIEW, "task " + n, "Task " + n + "…", true, (p, c) -> {
                p.progress(0.5, "half of " + n);
                return n;
            }, r -> delivered.add("delivered " + r), e -> delivered.add("error"));
            assertThat(delivered).last().isEqualTo("delivered " + n);
        }
        assertThat(direct.tasks()).hasSize(TaskRunner.RECENT_KEPT);
        assertThat(direct.tasks().get(0).description()).isEqualTo("Task 3…");
        assertThat(direct.tasks()).allMatch(t -> t.state() == TaskRecord.State.DONE && t.progressProperty().get() == 1);
        assertThat(direct.runningProperty().get()).isFalse();
    }

    private TaskRecord last() {
        return runner.tasks().get(runner.tasks().size() - 1);
    }

    private TaskRecord find(String description) {
        return runner.tasks().stream().filter(t -> t.description().equals(description)).findFirst().orElseThrow();
    }

    private <T> T onUi(Callable<T> action) throws Exception {
        return uiThread.submit(action).get(30, TimeUnit.SECONDS);
    }

    private <T> T onUiQuietly(Callable<T> action) {
        try {
            return onUi(action);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Polls a condition until it holds, failing after 30 s (a hang, not a timing assertion). */
    private static void waitUntil(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached within 30 s");
            }
            Thread.sleep(5);
        }
    }
}
