package dev.shears.export;

import dev.shears.pruning.equivalence.Equivalence;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What an export did.
 *
 * @param status        {@link Status#EXPORTED} only when the written model reloads and computes what the
 *                      in-memory network computes; otherwise nothing was written
 * @param message       one line for a status bar or the CLI
 * @param written       model zip, recipe, report — in that order; empty unless exported
 * @param modelBytes    the exact size of the model zip as written
 * @param reload        reloaded zip against the in-memory network; empty when the zip did not reload
 * @param reloadInputs  what the reload check ran on, e.g. "64 Fashion-MNIST validation images"
 * @param metrics       the test-split metrics in the report (given or measured); empty when not measured
 * @param metricsSource where they come from, or why they are missing
 */
public record ExportResult(Status status, String message, List<Path> written, long modelBytes,
                           Optional<Equivalence> reload, String reloadInputs, Optional<TestMetrics> metrics,
                           String metricsSource) {
    /** Largest |reloaded − in-memory| output difference accepted (float rounding is ~1e-7). */
    public static final double RELOAD_TOLERANCE = 1e-4;

    public enum Status {
        EXPORTED,
        /** The zip did not reload, or reloaded with different outputs: nothing was written. */
        RELOAD_FAILED
    }

    public ExportResult {
        written = List.copyOf(written);
    }

    public boolean exported() {
        return status == Status.EXPORTED;
    }
}
