package dev.shears.eval;

import dev.shears.data.DataException;
import dev.shears.model.ChannelGroup;
import dev.shears.pruning.plan.PruningPlan;
import dev.shears.task.Cancellation;
import java.util.List;

/**
 * How a {@link SensitivityScan} turns plans into accuracy: the unpruned network once, then each
 * group's plans (one group pruned, every other kept whole). Holds engines and sessions: close it.
 */
interface SensitivityPoints extends AutoCloseable {
    /** The engine the scan's numbers come from, as the user sees it ("ONNX Runtime", "DL4J"). */
    String engine();

    AccuracyEstimate baseline(Cancellation cancellation) throws DataException;

    /** What the user should know about how the points were measured, one sentence each; empty when nothing. */
    default List<String> notes() {
        return List.of();
    }

    /**
     * Measures {@code plans}, all of which prune only {@code group}; calls {@code measured} once per
     * plan, in any order, as soon as its estimate is final.
     */
    void measure(ChannelGroup group, List<PruningPlan> plans, Cancellation cancellation, Measured measured)
            throws DataException;

    @FunctionalInterface
    interface Measured {
        void accept(int plan, AccuracyEstimate estimate);
    }

    @Override
    void close();
}
