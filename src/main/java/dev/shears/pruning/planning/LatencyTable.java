package dev.shears.pruning.planning;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Measured inference times for a latency budget, NetAdapt's empirical look-up table (Yang et al. 2018): the
 * unpruned network's time, and for each scanned channel group the time of the network with only that group
 * pruned at each of the scan's shares. {@link AllocationSolver} predicts an allocation's time by adding the
 * groups' savings — the table's one assumption, checked afterwards by timing the allocation itself.
 *
 * <p>Timings are noisy (a smaller network can time a little slower), so each group's row is made monotone as the
 * accuracy curves are: the time at a share is the least measured at that share or any smaller one, and never
 * above the unpruned time. Savings cannot add up below what every call costs whatever its size (the engine's
 * own overhead, the layers no scan prunes), so a prediction is never below the measured time of the network
 * with every scanned group at its largest share, the floor.
 *
 * @param unprunedNanos the unpruned network's time per inference
 * @param floorNanos    the time per inference with every scanned group at its largest scanned share
 * @param nanos         group → time per inference with that group alone pruned at each of
 *                      {@link SensitivityCurves#levels} after the first (which is the unpruned time)
 */
public record LatencyTable(double unprunedNanos, double floorNanos, Map<String, double[]> nanos) {
    public LatencyTable {
        if (!(unprunedNanos > 0 && Double.isFinite(unprunedNanos))) {
            throw new IllegalArgumentException("an inference takes a positive time, not " + unprunedNanos + " ns");
        }
        if (!(floorNanos > 0 && Double.isFinite(floorNanos))) {
            throw new IllegalArgumentException("an inference takes a positive time, not " + floorNanos + " ns");
        }
        floorNanos = Math.min(floorNanos, unprunedNanos);
        Map<String, double[]> copy = new LinkedHashMap<>();
        nanos.forEach((group, row) -> {
            for (double t : row) {
                if (!(t > 0 && Double.isFinite(t))) {
                    throw new IllegalArgumentException(group + ": an inference takes a positive time, not " + t + " ns");
                }
            }
            copy.put(Objects.requireNonNull(group, "group"), row.clone());
        });
        nanos = Collections.unmodifiableMap(copy);
    }

    /** The time per inference at each of the group's levels (level 0: kept whole), monotone. */
    public double[] times(String group, int levels) {
        double[] row = nanos.get(group);
        if (row == null || row.length != levels - 1) {
            throw new IllegalArgumentException("the latency table has " + (row == null ? "no row" : row.length
                    + " shares") + " for " + group + ", the scan " + (levels - 1));
        }
        double[] times = new double[levels];
        times[0] = unprunedNanos;
        for (int i = 1; i < levels; i++) {
            times[i] = Math.min(times[i - 1], row[i - 1]);
        }
        return times;
    }

    /**
     * The predicted time per inference of an allocation: the unpruned time less every group's own saving, and
     * not below the floor.
     *
     * @param times {@link #times} of each group, in the allocation's order
     * @param state each group's level
     */
    double predicted(double[][] times, int[] state) {
        double t = unprunedNanos;
        for (int g = 0; g < state.length; g++) {
            t -= unprunedNanos - times[g][state[g]];
        }
        return Math.max(floorNanos, t);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof LatencyTable other) || other.unprunedNanos != unprunedNanos
                || other.floorNanos != floorNanos
                || !other.nanos.keySet().equals(nanos.keySet())) {
            return false;
        }
        return nanos.entrySet().stream().allMatch(e -> Arrays.equals(e.getValue(), other.nanos.get(e.getKey())));
    }

    @Override
    public int hashCode() {
        return Double.hashCode(unprunedNanos) * 31 + nanos.keySet().hashCode();
    }
}
