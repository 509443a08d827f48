package dev.shears.pruning;

import org.deeplearning4j.nn.api.Model;

/** A pruning run's outcome: the new network (the input is untouched), the plan it executed, the report. */
public record PruningResult(Model network, Plan plan, PruningReport report) {
}
