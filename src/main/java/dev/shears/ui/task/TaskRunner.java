package dev.shears.ui.task;

import dev.shears.errors.Logs;
import dev.shears.errors.UserMessages;
import dev.shears.task.Cancellation;
import dev.shears.task.ProgressListener;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import javafx.animation.PauseTransition;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.util.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place long work runs: named tasks on {@link Lane}s (one thread each, so a preview never
 * waits behind a fine-tune), where the latest request wins (submitting a task cancels the waiting or
 * running one of the same name). Every described task is a {@link TaskRecord} in {@link #tasks()} —
 * the task list — with its progress, its own cancel and, once ended, its outcome in a sentence; the
 * status bar shows the newest running one. Results are delivered on the UI thread, and only if the
 * task was not replaced or cancelled meanwhile. Every failure is logged with its stack ({@link Logs}):
 * the handler shows the user a sentence, the log keeps the details.
 *
 * <p>{@link #onCurrentThread()} runs work and delivers results inside {@code submit}, so that view
 * models can be tested without a JavaFX toolkit or waiting.
 */
public final class TaskRunner {
    private static final Logger LOG = LoggerFactory.getLogger(TaskRunner.class);
    /** Finished tasks the list keeps, newest last, so their outcome can be read after they end. */
    static final int RECENT_KEPT = 8;

    /** Work that polls its cancellation and reports progress. */
    @FunctionalInterface
    public interface Work<T> {
        T run(ProgressListener progress, Cancellation cancellation) throws Exception;
    }

    private final Executor ui;
    private final Map<Lane, Executor> lanes;
    private final boolean fxTimers;
    private final Map<String, TaskRecord> latestByName = new HashMap<>();
    /** Per held lane, its tasks in the order submitted, until released ({@link #hold}). */
    private final Map<Lane, List<Runnable>> held = new EnumMap<>(Lane.class);
    private final Map<TaskRecord, Runnable> whenDone = new HashMap<>();
    private final ObservableList<TaskRecord> tasks = FXCollections.observableArrayList();
    private final ObservableList<TaskRecord> readOnlyTasks = FXCollections.unmodifiableObservableList(tasks);
    private final Map<String, PauseTransition> rests = new HashMap<>();
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", -1);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyIntegerWrapper activeCount = new ReadOnlyIntegerWrapper(this, "activeCount");
    private TaskRecord current;

    /** The app's runner: a thread per lane, results on the JavaFX thread. */
    public TaskRunner() {
        this(Platform::runLater, laneThreads(), true);
    }

    private TaskRunner(Executor ui, Map<Lane, Executor> lanes, boolean fxTimers) {
        this.ui = ui;
        this.lanes = lanes;
        this.fxTimers = fxTimers;
    }

    /**
     * Runs each task to its end inside {@code submit}, on the calling thread, and delivers there:
     * deterministic, for view-model tests. Waiting for the slider to rest ({@link #afterRest}) is skipped.
     */
    public static TaskRunner onCurrentThread() {
        EnumMap<Lane, Executor> direct = new EnumMap<>(Lane.class);
        for (Lane lane : Lane.values()) {
            direct.put(lane, Runnable::run);
        }
        return new TaskRunner(Runnable::run, direct, false);
    }

    /**
     * Real lane threads, results delivered through {@code ui} (for tests: a single-thread executor
     * standing in for the JavaFX thread; every call into the runner must then run on it).
     */
    public static TaskRunner deliveringOn(Executor ui) {
        return new TaskRunner(ui, laneThreads(), false);
    }

    private static Map<Lane, Executor> laneThreads() {
        EnumMap<Lane, Executor> threads = new EnumMap<>(Lane.class);
        for (Lane lane : Lane.values()) {
            ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, lane.threadName());
                t.setDaemon(true);
                return t;
            });
            threads.put(lane, executor);
        }
        return threads;
    }

    /**
     * Queues work on the interactive lane with status-bar progress; must be called on the UI thread.
     * {@code onSuccess} and {@code onFailure} run on the UI thread, never for a replaced or cancelled task.
     */
    public <T> void submit(String name, String description, Work<T> work, Consumer<T> onSuccess,
                           Consumer<Throwable> onFailure) {
        submit(Lane.INTERACTIVE, name, description, true, false, work, onSuccess, onFailure);
    }

    /**
     * Like {@link #submit}, but neither in the task list nor the status bar: for frequent, short work
     * such as re-rendering a heatmap while the threshold slider moves, which would make both flicker.
     */
    public <T> void submitQuietly(String name, Work<T> work, Consumer<T> onSuccess, Consumer<Throwable> onFailure) {
        submit(Lane.INTERACTIVE, name, "", false, false, work, onSuccess, onFailure);
    }

    /**
     * Queues work on {@code lane}. A task with a description is listed in {@link #tasks()};
     * {@code inStatusBar} also puts its progress in the status bar.
     */
    public <T> void submit(Lane lane, String name, String description, boolean inStatusBar, Work<T> work,
                           Consumer<T> onSuccess, Consumer<Throwable> onFailure) {
        submit(lane, name, description, inStatusBar, false, work, onSuccess, onFailure);
    }

    /**
     * Work that answers a cancellation by returning what it has so far (fine-tuning returns its best
     * checkpoint): its result is delivered even when cancelled, as long as it returned normally.
     */
    public <T> void submitKeepingPartialResult(Lane lane, String name, String description, Work<T> work,
                                               Consumer<T> onSuccess, Consumer<Throwable> onFailure) {
        submit(lane, name, description, true, true, work, onSuccess, onFailure);
    }

    /** Cancels the waiting or running task of this name, if any. */
    public void cancel(String name) {
        TaskRecord record = latestByName.get(name);
        if (record != null) {
            record.cancel();
        }
    }

    /** Cancels the task of this name, if any, with the sentence the task list shows as its outcome. */
    public void cancel(String name, String because) {
        TaskRecord record = latestByName.get(name);
        if (record != null && !record.cancelRequested()) {
            record.cancel(because);
        }
    }

    /**
     * Runs {@code action} on the UI thread when the task of this name submitted last ends, however
     * it ends: delivered, failed, cancelled or replaced. For flags such as "applying" that must
     * never stay set. Call on the UI thread right after submitting.
     */
    public void whenDone(String name, Runnable action) {
        TaskRecord record = latestByName.get(name);
        if (record == null) {
            action.run();
        } else {
            whenDone.merge(record, action, (a, b) -> () -> {
                a.run();
                b.run();
            });
        }
    }

    /** Runs {@code action} on the UI thread: how work hands partial results (estimates, chart points) over. */
    public void onUiThread(Runnable action) {
        ui.execute(action);
    }

    /**
     * Runs {@code action} once nothing has asked for {@code key} for {@code millis} (a slider at rest);
     * each call restarts the wait. Immediate for runners built for tests. Call on the UI thread.
     */
    public void afterRest(String key, double millis, Runnable action) {
        if (!fxTimers) {
            action.run();
            return;
        }
        PauseTransition rest = rests.computeIfAbsent(key, k -> new PauseTransition());
        rest.setDuration(Duration.millis(millis));
        rest.setOnFinished(e -> action.run());
        rest.playFromStart();
    }

    /** Cancels the task whose progress the status bar shows (Esc, the Cancel button). */
    public void cancelCurrent() {
        if (current != null) {
            current.cancel();
        }
    }

    /** Cancels whatever is running or waiting. */
    public void cancelAll() {
        latestByName.values().forEach(TaskRecord::cancel);
    }

    /** Running and waiting tasks, then the last few that ended, in the order they were submitted. */
    public ObservableList<TaskRecord> tasks() {
        return readOnlyTasks;
    }

    private <T> void submit(Lane lane, String name, String description, boolean inStatusBar, boolean partialResult,
                            Work<T> work, Consumer<T> onSuccess, Consumer<Throwable> onFailure) {
        TaskRecord previous = latestByName.get(name);
        if (previous != null) {
            previous.superseded = true;
            previous.cancel();
        }
        TaskRecord record = new TaskRecord(name, description, lane, inStatusBar);
        // a waiting task ends as soon as it is cancelled, not when its lane gets to it
        record.onCancel = () -> ui.execute(() -> {
            if (record.state() == TaskRecord.State.WAITING) {
                finish(record, TaskRecord.State.CANCELLED, null, null);
            }
        });
        latestByName.put(name, record);
        if (!description.isBlank()) {
            tasks.stream().filter(t -> t.lane() == lane && t.state().active() && !t.cancelRequested())
                    .reduce((first, second) -> second)
                    .ifPresent(ahead -> record.waiting("Waiting for " + quoted(ahead) + " to finish: "
                            + lane.runsWhat() + " run one at a time."));
            tasks.add(record);
        }
        refreshStatus();
        Runnable job = () -> run(record, partialResult, work, onSuccess, onFailure);
        List<Runnable> heldBack = held.get(lane);
        if (heldBack != null) {
            heldBack.add(job);
        } else {
            lanes.get(lane).execute(job);
        }
    }

    /**
     * Holds back the start of {@code lane}'s tasks until the returned action runs: they are submitted,
     * listed and cancellable as usual, and wait. At start-up the model's load waits for the first frame
     * and the previews (the baseline accuracy, the channel groups) until the model is shown, instead of
     * taking a core from them (decision 0023). Call both on the UI thread.
     */
    public Runnable hold(Lane lane) {
        held.putIfAbsent(lane, new ArrayList<>());
        return () -> {
            List<Runnable> waiting = held.remove(lane);
            if (waiting != null) {
                waiting.forEach(lanes.get(lane)::execute);
            }
        };
    }

    private <T> void run(TaskRecord record, boolean partialResult, Work<T> work, Consumer<T> onSuccess,
                         Consumer<Throwable> onFailure) {
        Cancellation cancellation = record.cancellation;
        if (cancellation.isCancelled()) {
            ui.execute(() -> finish(record, TaskRecord.State.CANCELLED, null, null));
            return;
        }
        ui.execute(() -> {
            record.started();
            refreshStatus();
        });
        AtomicReference<Runnable> pendingProgress = new AtomicReference<>();
        ProgressListener listener = (fraction, text) -> {
            // coalesce: only the newest update is painted, so chatty work cannot flood the UI thread
            Runnable update = () -> {
                if (!cancellation.isCancelled() && record.state() == TaskRecord.State.RUNNING) {
                    record.progressed(fraction, text);
                }
            };
            if (pendingProgress.getAndSet(update) == null) {
                ui.execute(() -> pendingProgress.getAndSet(null).run());
            }
        };
        try {
            T result = work.run(listener, cancellation);
            boolean keep = partialResult || !cancellation.isCancelled();
            ui.execute(() -> finish(record, keep ? TaskRecord.State.DONE : TaskRecord.State.CANCELLED,
                    keep ? () -> onSuccess.accept(result) : null, null));
        } catch (Cancellation.CancelledException e) {
            ui.execute(() -> finish(record, TaskRecord.State.CANCELLED, null, null));
        } catch (Throwable e) {
            if (cancellation.isCancelled()) {
                // failing while stopping is stopping: nothing to report
                ui.execute(() -> finish(record, TaskRecord.State.CANCELLED, null, null));
                return;
            }
            String description = record.description();
            Logs.failure(LOG, "running the task '" + record.name() + "'" + (description.isBlank() ? ""
                    : " (" + description + ")"), e);
            ui.execute(() -> finish(record, TaskRecord.State.FAILED, () -> onFailure.accept(e), e));
        }
    }

    /** On the UI thread: delivers, runs what waits for the end, and records the outcome. */
    private void finish(TaskRecord record, TaskRecord.State end, Runnable deliver, Throwable failure) {
        if (!record.state().active()) {
            return; // ended when it was cancelled while waiting
        }
        try {
            if (deliver != null) {
                deliver.run();
            }
        } finally {
            Runnable done = whenDone.remove(record);
            if (done != null) {
                done.run();
            }
            boolean wasRunning = record.state() == TaskRecord.State.RUNNING;
            record.ended(end, outcome(record, end, failure));
            latestByName.remove(record.name(), record);
            if (record.superseded && !wasRunning) {
                tasks.remove(record); // replaced before it began: nothing to tell
            }
            forgetOldest();
            refreshStatus();
        }
    }

    private static String outcome(TaskRecord record, TaskRecord.State end, Throwable failure) {
        return switch (end) {
            case DONE -> record.cancelRequested() ? "Stopped; what it had finished is kept." : "Finished.";
            case CANCELLED -> record.superseded ? "Replaced by a newer request before it finished."
                    : record.cancelledBecause != null ? record.cancelledBecause : "Cancelled.";
            case FAILED -> UserMessages.describe(failure, doing(record.description()));
            default -> "";
        };
    }

    /** "Applying Remove 50 % channels…" → "applying Remove 50 % channels", as "while …" continues it. */
    static String doing(String description) {
        String d = description.isBlank() ? "running a task" : description.strip().replaceAll("(…|\\.\\.\\.)$", "");
        return Character.toLowerCase(d.charAt(0)) + d.substring(1);
    }

    private static String quoted(TaskRecord record) {
        return "‘" + record.description().replaceAll("(…|\\.\\.\\.)$", "") + "’";
    }

    private void forgetOldest() {
        List<TaskRecord> ended = tasks.stream().filter(t -> !t.state().active()).toList();
        for (int i = 0; i < ended.size() - RECENT_KEPT; i++) {
            tasks.remove(ended.get(i));
        }
    }

    /** The status bar follows the newest running status-bar task (else the newest waiting one). */
    private void refreshStatus() {
        TaskRecord newest = null;
        int active = 0;
        boolean anyInStatusBar = false;
        for (TaskRecord t : tasks) {
            if (!t.state().active()) {
                continue;
            }
            active++;
            if (t.inStatusBar()) {
                anyInStatusBar = true;
                if (newest == null || t.state() == TaskRecord.State.RUNNING
                        || newest.state() == TaskRecord.State.WAITING) {
                    newest = t;
                }
            }
        }
        activeCount.set(active);
        running.set(anyInStatusBar);
        if (newest != current) {
            current = newest;
            progress.unbind();
            message.unbind();
            if (newest == null) {
                progress.set(-1);
                message.set("");
            } else {
                progress.bind(newest.progressProperty());
                message.bind(newest.messageProperty());
            }
        }
    }

    /** Whether a status-bar task is running or waiting. */
    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** Running and waiting tasks in the list: the count on the status bar's task button. */
    public ReadOnlyIntegerProperty activeCountProperty() {
        return activeCount.getReadOnlyProperty();
    }
}
