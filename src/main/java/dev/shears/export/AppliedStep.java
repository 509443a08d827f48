package dev.shears.export;

import dev.shears.pruning.recipes.PruningSpec;
import dev.shears.pruning.reports.PruningReport;
import dev.shears.pruning.service.PruningResult;
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
