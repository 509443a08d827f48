package dev.shears.ui.shell;

import dev.shears.eval.EvaluationResult;
import dev.shears.io.LoadedModel;
import dev.shears.pruning.recipes.PruningSpec;
import dev.shears.pruning.reports.PruningReport;
import java.util.Optional;

/**
 * One entry of the undo/redo history: the model as it was after this step (the opened file for the
 * first step, an in-memory network after each Apply or fine-tune), what produced it, and its metrics.
 *
 * @param validation validation-split metrics of this step's model, when measured
 */
public record HistoryStep(String label, LoadedModel model, Optional<PruningSpec> spec, Optional<PruningReport> report,
                          Optional<EvaluationResult> validation) {
    public static HistoryStep opened(LoadedModel model) {
        return new HistoryStep("Opened " + model.displayName(), model, Optional.empty(), Optional.empty(),
                Optional.empty());
    }
}
