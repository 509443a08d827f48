package dev.shears.export;

import dev.shears.pruning.PruningReport;
import dev.shears.pruning.PruningResult;
import dev.shears.pruning.PruningSpec;
import java.util.Objects;

/** One pruning step that was applied: the recipe it ran and the report of that run. */
public record AppliedStep(PruningSpec spec, PruningReport report) {
    public AppliedStep {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(report, "report");
    }

    /** The step a {@link PruningResult} took (its recipe is the one in the report's provenance). */
    public static AppliedStep of(PruningResult result) {
        return new AppliedStep(result.report().provenance().recipe(), result.report());
    }
}
