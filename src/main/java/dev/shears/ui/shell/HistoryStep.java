package dev.shears.ui.shell;

import dev.shears.eval.EvaluationResult;
import dev.shears.io.LoadedModel;
import dev.shears.io.SpillableModel;
import dev.shears.model.NetworkGraph;
import dev.shears.pruning.recipes.PruningSpec;
import dev.shears.pruning.reports.PruningReport;
import java.util.Optional;

/**
 * One entry of the undo/redo history: the model as it was after this step (the opened file for the
 * first step, a network after each Apply or fine-tune), what produced it, and its metrics. The model
 * may have been written to disk to bound memory ({@link dev.shears.io.ModelHistoryStore}): its graph
 * is always at hand, the model itself is read back when asked for.
 *
 * @param validation validation-split metrics of this step's model, when measured
 */
public record HistoryStep(String label, SpillableModel stored, Optional<PruningSpec> spec,
                          Optional<PruningReport> report, Optional<EvaluationResult> validation) {
    public HistoryStep(String label, LoadedModel model, Optional<PruningSpec> spec, Optional<PruningReport> report,
                       Optional<EvaluationResult> validation) {
        this(label, SpillableModel.inMemory(model), spec, report, validation);
    }

    public static HistoryStep opened(LoadedModel model) {
        return new HistoryStep("Opened " + model.displayName(), model, Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    /**
     * This step's model, read back from disk if the history let go of it: on the UI thread only for
     * the current step, the opened model (both always in memory), or after {@code stored().inMemory()}.
     */
    public LoadedModel model() {
        return stored.model();
    }

    /** Layers, shapes, parameters and MACs of this step's model, without reading it back. */
    public NetworkGraph graph() {
        return stored.graph();
    }
}
