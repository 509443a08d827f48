package dev.shears.pruning.planning;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a sensitivity scan predicts for each channel group: the accuracy lost when that group alone loses a
 * share of its channels. {@link AllocationSolver} adds these losses up to compare whole allocations — the
 * usual first-order assumption of sensitivity-driven allocation (the groups' losses interact little at the
 * small shares a budget is usually met with; a fine-tune closes the rest).
 *
 * <p>A measured curve is noisy (a larger share can score a little better than a smaller one on a finite
 * validation set), so each curve is made monotone: the predicted loss at a share is the largest loss
 * measured at that share or any smaller one, and never below zero. A solver that trusted the dips would
 * pick a larger share because it "costs less".
 *
 * @param baseline the unpruned network's accuracy on the scan's examples
 * @param curves   group name (the first layer computing its channels) → its points, shares ascending
 */
public record SensitivityCurves(double baseline, Map<String, List<Point>> curves) {
    /** One measured share of a group: {@code removed} of its channels gone, the network scored {@code accuracy}. */
    public record Point(double removed, double accuracy) {
        public Point {
            if (!(removed > 0 && removed < 1)) {
                throw new IllegalArgumentException("a scanned share is in (0, 1), not " + removed);
            }
        }
    }

    public SensitivityCurves {
        Map<String, List<Point>> copy = new LinkedHashMap<>();
        curves.forEach((group, points) -> {
            List<Point> sorted = new ArrayList<>(points);
            sorted.sort((a, b) -> Double.compare(a.removed(), b.removed()));
            for (int i = 1; i < sorted.size(); i++) {
                if (sorted.get(i).removed() == sorted.get(i - 1).removed()) {
                    throw new IllegalArgumentException(group + " was scanned twice at " + sorted.get(i).removed());
                }
            }
            copy.put(Objects.requireNonNull(group, "group"), List.copyOf(sorted));
        });
        curves = Collections.unmodifiableMap(copy);
    }

    /** The shares a group can be given: 0 (kept whole) and every scanned share, ascending. */
    public double[] levels(String group) {
        List<Point> points = curves.get(group);
        double[] levels = new double[points.size() + 1];
        for (int i = 0; i < points.size(); i++) {
            levels[i + 1] = points.get(i).removed();
        }
        return levels;
    }

    /** The predicted loss at each of {@link #levels}: monotone, 0 at level 0. */
    public double[] losses(String group) {
        List<Point> points = curves.get(group);
        double[] losses = new double[points.size() + 1];
        for (int i = 0; i < points.size(); i++) {
            losses[i + 1] = Math.max(losses[i], baseline - points.get(i).accuracy());
        }
        return losses;
    }
}
