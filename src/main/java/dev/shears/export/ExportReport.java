package dev.shears.export;

import dev.shears.pruning.equivalence.Equivalence;
import dev.shears.pruning.reports.LayerReport;
import dev.shears.pruning.reports.PruningReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Everything the HTML report shows, gathered by {@link ExportService} and drawn by {@link ReportHtml}.
 * Totals and layers run from the first step's "before" to the last step's "after".
 *
 * @param sourceSha256      of the source file at export time
 * @param modelFileName     the exported zip's file name
 * @param modelBytes        its exact size
 * @param storedParams      parameters the exported zip stores
 * @param recipeJson        the recipe file's content
 */
record ExportReport(String sourceName, String sourcePath, long sourceBytes, String sourceSha256, String recipeJson,
                    String shearsVersion, Instant exportedAt, List<AppliedStep> steps, String modelFileName,
                    long modelBytes, long storedParams, Optional<TestMetrics> metrics, String metricsSource,
                    Equivalence reload, String reloadInputs, List<LayerHistogram> histograms,
                    Optional<SensitivityTable> sensitivity, List<String> data) {
    ExportReport {
        steps = List.copyOf(steps);
        histograms = List.copyOf(histograms);
        data = List.copyOf(data);
    }

    PruningReport first() {
        return steps.get(0).report();
    }

    PruningReport last() {
        return steps.get(steps.size() - 1).report();
    }

    /** The first step's layers, each with its "before" and the last step's "after" of the same name. */
    List<LayerReport> layers() {
        Map<String, LayerReport> after = last().layers().stream()
                .collect(Collectors.toMap(LayerReport::name, Function.identity(), (a, b) -> a));
        List<LayerReport> out = new ArrayList<>();
        for (LayerReport b : first().layers()) {
            LayerReport a = after.getOrDefault(b.name(), b);
            out.add(new LayerReport(b.name(), b.type(), b.paramsBefore(), a.paramsAfter(), b.macsBefore(),
                    a.macsAfter(), b.channelsBefore(), a.channelsAfter()));
        }
        return out;
    }

    /**
     * True when the source file changed after it was pruned: the first step's provenance hash differs
     * from today's. (Later steps were pruned from intermediate models, whose hashes differ anyway.)
     */
    boolean sourceChangedSincePruning() {
        return !first().provenance().sourceSha256().equalsIgnoreCase(sourceSha256);
    }

    boolean reloadPassed() {
        return reload.maxAbsDifference() <= ExportResult.RELOAD_TOLERANCE;
    }
}
