package dev.shears.task;

import java.util.concurrent.atomic.AtomicBoolean;

/** A flag that long work polls between steps; cancelling is cooperative. */
public final class Cancellation {
    private final AtomicBoolean cancelled = new AtomicBoolean();

    public static Cancellation none() {
        return new Cancellation();
    }

    public void cancel() {
        cancelled.set(true);
    }

    public boolean isCancelled() {
        return cancelled.get();
    }

    public void throwIfCancelled() {
        if (cancelled.get()) {
            throw new CancelledException();
        }
    }

    /** Thrown out of long work once it notices a cancellation. */
    public static final class CancelledException extends RuntimeException {
        public CancelledException() {
            super("cancelled");
        }
    }
}
