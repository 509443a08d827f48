package dev.shears.export;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the report's sensitivity chart draws: the accuracy reached when one group (a layer, a channel
 * group) alone is pruned by a ratio. A neutral shape so that any scan can be exported.
 *
 * @param description what was measured, e.g. "top-1 on 500 validation images, l1" (may be empty)
 * @param baseline    accuracy of the unpruned model, in [0, 1]
 * @param rows        one point each; the points of a group form its line
 */
public record SensitivityTable(String description, double baseline, List<Row> rows) {
    /** Accuracy (in [0, 1]) with {@code group} pruned by {@code ratio} (in [0, 1]). */
    public record Row(String group, double ratio, double accuracy) {
        public Row {
            Objects.requireNonNull(group, "group");
            if (!Double.isFinite(ratio) || !Double.isFinite(accuracy)) {
                throw new IllegalArgumentException("a sensitivity point needs a finite ratio and accuracy, got "
                        + ratio + ", " + accuracy);
            }
        }
    }

    public SensitivityTable {
        Objects.requireNonNull(description, "description");
        rows = List.copyOf(rows);
    }

    /** Each group's points by increasing ratio, groups in order of first appearance. */
    public Map<String, List<Row>> byGroup() {
        Map<String, List<Row>> groups = new LinkedHashMap<>();
        for (Row row : rows) {
            groups.computeIfAbsent(row.group(), g -> new ArrayList<>()).add(row);
        }
        groups.replaceAll((g, points) -> points.stream().sorted(Comparator.comparingDouble(Row::ratio)).toList());
        return groups;
    }
}
