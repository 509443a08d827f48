package dev.shears.ui.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.errors.Logs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

@ExtendWith(ApplicationExtension.class)
class TaskRunnerFxTest {
    private final TaskRunner runner = new TaskRunner();
    private final List<String> delivered = new CopyOnWriteArrayList<>();

    @Test
    void latestRequestOfTheSameNameWinsAndTheSupersededResultIsDropped(FxRobot robot) throws Exception {
        CountDownLatch firstStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        robot.interact(() -> runner.submit("load", "first", (p, c) -> {
            firstStarted.countDown();
            release.await(10, TimeUnit.SECONDS);
            return "first";
        }, delivered::add, e -> delivered.add("error")));
        assertThat(firstStarted.await(10, TimeUnit.SECONDS)).isTrue();
        robot.interact(() -> runner.submit("load", "second", (p, c) -> "second", delivered::add,
                e -> delivered.add("error")));
        release.countDown();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !runner.runningProperty().get());
        assertThat(delivered).containsExactly("second");
    }

    @Test
    void cancelStopsWorkThatPollsAndDeliversNothing(FxRobot robot) throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        robot.interact(() -> runner.submit("scan", "scan", (p, c) -> {
            started.countDown();
            while (true) {
                c.throwIfCancelled();
                Thread.sleep(5);
            }
        }, r -> delivered.add("done"), e -> delivered.add("error")));
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(runner.runningProperty().get()).isTrue();
        robot.interact(runner::cancelAll);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !runner.runningProperty().get());
        assertThat(delivered).isEmpty();
    }

    @Test
    void failureReachesTheErrorHandlerOnTheFxThreadAndProgressIsReported(FxRobot robot) throws Exception {
        List<Boolean> onFxThread = new CopyOnWriteArrayList<>();
        List<Double> progressSeen = new CopyOnWriteArrayList<>();
        robot.interact(() -> runner.progressProperty().addListener((o, a, b) -> progressSeen.add(b.doubleValue())));
        robot.interact(() -> runner.submit("fail", "failing", (p, c) -> {
            p.progress(0.5, "half way");
            Thread.sleep(100);
            throw new IllegalStateException("boom");
        }, r -> delivered.add("done"), e -> {
            onFxThread.add(javafx.application.Platform.isFxApplicationThread());
            delivered.add(e.getMessage());
        }));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !runner.runningProperty().get());
        assertThat(delivered).containsExactly("boom");
        assertThat(onFxThread).containsExactly(true);
        assertThat(progressSeen).contains(0.5);
    }

    @Test
    void aFailedTaskWritesItsStackToTheLogInTheSettingsFolder(FxRobot robot, @TempDir Path settings) throws Exception {
        Path missing = settings.resolve("missing.zip");
        Logs.startFile(settings);
        try {
            robot.interact(() -> runner.submit("read", "Reading missing.zip…", (p, c) -> Files.readAllBytes(missing),
                    r -> delivered.add("read"), e -> delivered.add(e.getClass().getSimpleName())));
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !runner.runningProperty().get());
        } finally {
            Logs.stopFile();
        }

        assertThat(delivered).containsExactly("NoSuchFileException");
        String log = Files.readString(settings.resolve("logs/shears.log"));
        assertThat(log).contains("ERROR [shears-worker] dev.shears.ui.task.TaskRunner - Failed while running the task"
                + " 'read' (Reading missing.zip…)\njava.nio.file.NoSuchFileException: " + missing + "\n\tat ");
        assertThat(log).contains("\tat dev.shears.ui.task.TaskRunnerFxTest.lambda$aFailedTaskWritesItsStackToTheLog");
    }
}
