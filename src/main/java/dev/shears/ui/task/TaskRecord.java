package dev.shears.ui.task;

import dev.shears.task.Cancellation;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * One task as the task list shows it: its description, lane, state, progress and what it is doing
 * now, and once it has ended, its outcome in a sentence. Changed only by the {@link TaskRunner}, on
 * the thread it delivers results on (the JavaFX thread in the app); {@link #cancel} may be called from
 * anywhere.
 */
public final class TaskRecord {
    /** Where a task is in its life. */
    public enum State {
        WAITING, RUNNING, DONE, FAILED, CANCELLED;

        public boolean active() {
            return this == WAITING || this == RUNNING;
        }
    }

    private final String name;
    private final String description;
    private final Lane lane;
    private final boolean inStatusBar;
    final Cancellation cancellation = new Cancellation();
    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(this, "state", State.WAITING);
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", -1);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyStringWrapper outcome = new ReadOnlyStringWrapper(this, "outcome", "");
    /** Set when a newer request of the same name replaced this one: its outcome says so. */
    volatile boolean superseded;
    /** Why it was cancelled, when the canceller said so: its outcome. */
    volatile String cancelledBecause;
    /** Set by the runner: ends a waiting task at once instead of when its lane reaches it. */
    volatile Runnable onCancel;

    TaskRecord(String name, String description, Lane lane, boolean inStatusBar) {
        this.name = name;
        this.description = description;
        this.lane = lane;
        this.inStatusBar = inStatusBar;
    }

    /** The task's name: a newer task of the same name replaces this one. */
    public String name() {
        return name;
    }

    /** "Fine-tuning…", "Applying Remove 50 % channels (l1, global)…". */
    public String description() {
        return description;
    }

    public Lane lane() {
        return lane;
    }

    /** Whether its progress also shows in the status bar (the task list shows every described task). */
    public boolean inStatusBar() {
        return inStatusBar;
    }

    /** Asks the task to stop; work stops at its next check, and nothing it computes is delivered after. */
    public void cancel() {
        cancellation.cancel();
        notifyCancelled();
    }

    /** Cancels, with the sentence its outcome will be ("Cancelled: the choice changed."). */
    void cancel(String because) {
        cancelledBecause = because;
        cancellation.cancel();
        notifyCancelled();
    }

    private void notifyCancelled() {
        Runnable hook = onCancel;
        if (hook != null) {
            hook.run();
        }
    }

    public boolean cancelRequested() {
        return cancellation.isCancelled();
    }

    public ReadOnlyObjectProperty<State> stateProperty() {
        return state.getReadOnlyProperty();
    }

    public State state() {
        return state.get();
    }

    /** Done so far in [0, 1], or negative while unknown. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** What it is doing now, or why it waits. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** Empty while active; then one sentence: finished, cancelled, replaced, or what failed and why. */
    public ReadOnlyStringProperty outcomeProperty() {
        return outcome.getReadOnlyProperty();
    }

    void waiting(String why) {
        message.set(why);
    }

    void started() {
        if (state.get() != State.WAITING) {
            return; // cancelled while it waited: it has ended already
        }
        state.set(State.RUNNING);
        progress.set(-1);
        message.set(description);
    }

    void progressed(double fraction, String text) {
        progress.set(fraction);
        message.set(text);
    }

    void ended(State end, String sentence) {
        message.set("");
        outcome.set(sentence);
        if (end == State.DONE) {
            progress.set(1);
        }
        state.set(end);
    }

    @Override
    public String toString() {
        return description + " [" + state.get() + "]";
    }
}
