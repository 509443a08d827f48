package dev.shears.engine;

import ai.onnxruntime.OrtEnvironment;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * The process-wide ONNX Runtime environment, created once on a thread with a large stack. Creating
 * it (loading the native library) on a thread with the JVM's default 1 MB stack — a JMH worker, a
 * plain {@code java} main thread — killed the JVM with SIGSEGV and no hs_err file; sessions and runs
 * on such threads are fine once the environment exists.
 */
public final class OrtEnvironments {
    private static final long INIT_STACK_BYTES = 16L << 20;

    private OrtEnvironments() {
    }

    public static OrtEnvironment shared() {
        return Holder.ENVIRONMENT;
    }

    private static final class Holder {
        static final OrtEnvironment ENVIRONMENT = createOnLargeStack();
    }

    private static OrtEnvironment createOnLargeStack() {
        FutureTask<OrtEnvironment> creation = new FutureTask<>(OrtEnvironment::getEnvironment);
        Thread thread = new Thread(null, creation, "onnxruntime-init", INIT_STACK_BYTES);
        thread.start();
        try {
            return creation.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not start ONNX Runtime: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting ONNX Runtime", e);
        }
    }
}
