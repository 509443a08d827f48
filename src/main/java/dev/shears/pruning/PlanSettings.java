package dev.shears.pruning;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How much to prune: a ratio (fraction of channels removed) for every group, overridden per group
 * by name; at least {@code minKeep} channels stay in every group, and kept counts are rounded up to
 * a multiple of {@code roundTo} (hardware-friendly widths).
 */
public record PlanSettings(double ratio, Map<String, Double> groupRatios, int minKeep, int roundTo) {
    public PlanSettings {
        checkRatio(ratio);
        groupRatios.values().forEach(PlanSettings::checkRatio);
        groupRatios = Map.copyOf(groupRatios);
        if (minKeep < 1) {
            throw new IllegalArgumentException("minKeep must be at least 1 (a group is never emptied), got " + minKeep);
        }
        if (roundTo < 1) {
            throw new IllegalArgumentException("roundTo must be at least 1, got " + roundTo);
        }
    }

    /** The same ratio for every group, keeping at least one channel, no rounding. */
    public static PlanSettings global(double ratio) {
        return new PlanSettings(ratio, Map.of(), 1, 1);
    }

    public PlanSettings withGroupRatio(String group, double groupRatio) {
        Map<String, Double> ratios = new LinkedHashMap<>(groupRatios);
        ratios.put(group, groupRatio);
        return new PlanSettings(ratio, ratios, minKeep, roundTo);
    }

    public PlanSettings withMinKeep(int channels) {
        return new PlanSettings(ratio, groupRatios, channels, roundTo);
    }

    public PlanSettings withRoundTo(int multiple) {
        return new PlanSettings(ratio, groupRatios, minKeep, multiple);
    }

    public double ratioFor(String group) {
        return groupRatios.getOrDefault(group, ratio);
    }

    private static void checkRatio(double r) {
        if (!(r >= 0 && r <= 1)) {
            throw new IllegalArgumentException("a pruning ratio is a fraction in [0, 1], got " + r);
        }
    }
}
