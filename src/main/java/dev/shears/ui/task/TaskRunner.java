package dev.shears.ui.task;

import dev.shears.errors.Logs;
import dev.shears.task.Cancellation;
import dev.shears.task.ProgressListener;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place long work runs: a single background thread, named tasks where the latest request
 * wins (submitting a task cancels the pending or running one of the same name), progress and a
 * message for the status bar, and results delivered on the JavaFX thread — only if the task was
 * not superseded or cancelled meanwhile. Every failure is logged with its stack ({@link Logs}): the
 * handler shows the user a sentence, the log keeps the details.
 */
public final class TaskRunner {
    private static final Logger LOG = LoggerFactory.getLogger(TaskRunner.class);

    /** Work that polls its cancellation and reports progress. */
    @FunctionalInterface
    public interface Work<T> {
        T run(ProgressListener progress, Cancellation cancellation) throws Exception;
    }

    private final ExecutorService executor = worker("shears-worker");
    /** Evaluations, fine-tuning and scans: seconds to minutes, so they must not hold up loading and drawing. */
    private final ExecutorService longExecutor = worker("shears-long-worker");
    private final Map<String, Cancellation> latestByName = new HashMap<>();
    private final AtomicLong activeCount = new AtomicLong();
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", -1);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final AtomicReference<Runnable> pendingProgressUpdate = new AtomicReference<>();
    private Cancellation current;
    private final Map<Cancellation, Runnable> whenDone = new HashMap<>();

    /**
     * Queues work; must be called on the JavaFX thread. {@code onSuccess} and {@code onFailure}
     * run on the JavaFX thread, never for a superseded or cancelled task.
     */
    public <T> void submit(String name, String description, Work<T> work, Consumer<T> onSuccess,
                           Consumer<Throwable> onFailure) {
        submit(name, description, true, work, onSuccess, onFailure);
    }

    /**
     * Like {@link #submit}, but without status-bar progress: for frequent, short work such as
     * re-rendering a heatmap while the threshold slider moves, which would make the status bar flicker.
     */
    public <T> void submitQuietly(String name, Work<T> work, Consumer<T> onSuccess, Consumer<Throwable> onFailure) {
        submit(name, "", false, work, onSuccess, onFailure);
    }

    /**
     * Like {@link #submit}, on a second thread for long work (evaluations, fine-tuning, scans) so that
     * loading layers and drawing never wait behind it; {@code shown} puts its progress in the status bar.
     */
    public <T> void submitLong(String name, String description, boolean shown, Work<T> work, Consumer<T> onSuccess,
                               Consumer<Throwable> onFailure) {
        submit(longExecutor, name, description, shown, false, work, onSuccess, onFailure);
    }

    /**
     * Long work that answers a cancellation by returning what it has so far (fine-tuning returns its best
     * checkpoint): its result is delivered even when cancelled, as long as it returned normally.
     */
    public <T> void submitLongKeepingPartialResult(String name, String description, Work<T> work,
                                                   Consumer<T> onSuccess, Consumer<Throwable> onFailure) {
        submit(longExecutor, name, description, true, true, work, onSuccess, onFailure);
    }

    /** Cancels the pending or running task of this name, if any. */
    public void cancel(String name) {
        Cancellation c = latestByName.get(name);
        if (c != null) {
            c.cancel();
        }
    }

    private static ExecutorService worker(String name) {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    private <T> void submit(String name, String description, boolean shown, Work<T> work, Consumer<T> onSuccess,
                            Consumer<Throwable> onFailure) {
        submit(executor, name, description, shown, false, work, onSuccess, onFailure);
    }

    private <T> void submit(ExecutorService lane, String name, String description, boolean shown,
                            boolean partialResult, Work<T> work, Consumer<T> onSuccess, Consumer<Throwable> onFailure) {
        Cancellation previous = latestByName.get(name);
        if (previous != null) {
            previous.cancel();
        }
        Cancellation cancellation = new Cancellation();
        latestByName.put(name, cancellation);
        if (shown) {
            activeCount.incrementAndGet();
            running.set(true);
        }
        lane.execute(() -> {
            if (cancellation.isCancelled()) {
                finish(name, cancellation, shown, false, null);
                return;
            }
            if (shown) {
                Platform.runLater(() -> {
                    current = cancellation;
                    progress.set(-1);
                    message.set(description);
                });
            }
            ProgressListener listener = shown ? (fraction, text) -> reportProgress(cancellation, fraction, text)
                    : ProgressListener.NONE;
            try {
                T result = work.run(listener, cancellation);
                finish(name, cancellation, shown, partialResult, () -> onSuccess.accept(result));
            } catch (Cancellation.CancelledException e) {
                finish(name, cancellation, shown, false, null);
            } catch (Throwable e) {
                Logs.failure(LOG, "running the task '" + name + "'" + (description.isBlank() ? ""
                        : " (" + description + ")"), e);
                finish(name, cancellation, shown, false, () -> onFailure.accept(e));
            }
        });
    }

    /**
     * Runs {@code action} on the JavaFX thread when the task of this name submitted last ends, however
     * it ends: delivered, failed, cancelled or superseded. For flags such as "applying" that must
     * never stay set. Call on the JavaFX thread right after submitting.
     */
    public void whenDone(String name, Runnable action) {
        Cancellation c = latestByName.get(name);
        if (c == null) {
            action.run();
        } else {
            whenDone.merge(c, action, (a, b) -> () -> {
                a.run();
                b.run();
            });
        }
    }

    /** Cancels the task whose progress the status bar shows (Esc, the Cancel button). */
    public void cancelCurrent() {
        if (current != null) {
            current.cancel();
        }
    }

    /** Cancels whatever is running or queued. */
    public void cancelAll() {
        latestByName.values().forEach(Cancellation::cancel);
        if (current != null) {
            current.cancel();
        }
    }

    private void reportProgress(Cancellation cancellation, double fraction, String text) {
        // Coalesce: only the newest update is painted, so chatty work cannot flood the FX thread.
        Runnable update = () -> {
            if (!cancellation.isCancelled()) {
                progress.set(fraction);
                message.set(text);
            }
        };
        if (pendingProgressUpdate.getAndSet(update) == null) {
            Platform.runLater(() -> pendingProgressUpdate.getAndSet(null).run());
        }
    }

    private void finish(String name, Cancellation cancellation, boolean shown, boolean evenIfCancelled,
                        Runnable deliver) {
        Platform.runLater(() -> {
            try {
                if (deliver != null && (evenIfCancelled || !cancellation.isCancelled())) {
                    deliver.run();
                }
            } finally {
                Runnable done = whenDone.remove(cancellation);
                if (done != null) {
                    done.run();
                }
            }
            if (latestByName.get(name) == cancellation) {
                latestByName.remove(name);
            }
            if (shown && activeCount.decrementAndGet() == 0) {
                running.set(false);
                progress.set(-1);
                message.set("");
                current = null;
            }
        });
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }
}
