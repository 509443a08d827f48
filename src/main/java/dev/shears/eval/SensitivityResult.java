package dev.shears.eval;

import dev.shears.pruning.planning.AllocationSolver;
import dev.shears.pruning.planning.SensitivityCurves;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A sensitivity scan: the unpruned network's numbers, one row per scanned group × ratio (groups in
 * graph order, ratios ascending), and the prunable-or-not groups that were not scanned, with why.
 *
 * @param images  validation images every number was measured on
 * @param skipped group name → reason (not prunable, or the criterion cannot rank it), in graph order
 */
public record SensitivityResult(int images, Baseline baseline, List<SensitivityRow> rows,
                                Map<String, Skipped> skipped) {
    /** The unpruned network. */
    public record Baseline(double accuracy, double loss, long params, long macs) {
    }

    /** A group kept whole: its layers and channels (as in a row) and the reason. */
    public record Skipped(List<String> layers, int channels, String reason) {
        public Skipped {
            layers = List.copyOf(layers);
        }
    }

    public SensitivityResult {
        rows = List.copyOf(rows);
        skipped = Collections.unmodifiableMap(new LinkedHashMap<>(skipped));
    }

    /** The scanned groups, in graph order. */
    public List<String> groups() {
        return rows.stream().map(SensitivityRow::group).distinct().toList();
    }

    /** Each scanned group's accuracy curve, for allocating a budget ({@link AllocationSolver}). */
    public SensitivityCurves curves() {
        Map<String, List<SensitivityCurves.Point>> curves = new LinkedHashMap<>();
        for (SensitivityRow r : rows) {
            curves.computeIfAbsent(r.group(), g -> new java.util.ArrayList<>())
                    .add(new SensitivityCurves.Point(r.ratio(), r.accuracy()));
        }
        return new SensitivityCurves(baseline.accuracy(), curves);
    }

    /** One group's rows, ratios ascending. */
    public List<SensitivityRow> rows(String group) {
        return rows.stream().filter(r -> r.group().equals(group)).toList();
    }
}
