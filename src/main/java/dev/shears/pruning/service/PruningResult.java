package dev.shears.pruning.service;

import dev.shears.io.ModelBackend;
import dev.shears.pruning.plan.Plan;
import dev.shears.pruning.reports.PruningReport;
import org.deeplearning4j.nn.api.Model;

/** A pruning run's outcome: the new model (the input is untouched), the plan it executed, the report. */
public record PruningResult(ModelBackend model, Plan plan, PruningReport report) {
    /** The pruned DL4J network, for what only DL4J does (fine-tuning); see {@link ModelBackend#trainable()}. */
    public Model network() {
        return model.trainable().orElseThrow(() -> new UnsupportedOperationException(
                model.whyNotTrainable().orElse("this model has no DL4J network")));
    }
}
