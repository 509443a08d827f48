package dev.shears.pruning.impact;

import dev.shears.pruning.planning.BudgetSolver;
import java.util.Optional;

/**
 * A target a pruning amount is solved for ({@link BudgetSolver}): keep at most this share of the
 * network's multiply-accumulates or parameters ("half the MACs": MACS, 0.5), or of its measured
 * inference time (LATENCY), which is not counted from the plan but measured
 * ({@link dev.shears.pruning.planning.LatencyTable}).
 *
 * @param keep share of the unpruned count to keep at most, in (0, 1]
 */
public record Budget(Metric metric, double keep) {
    /** What the budget counts. */
    public enum Metric {
        MACS("macs", "MACs"),
        PARAMS("params", "parameters"),
        LATENCY("latency", "latency");

        private final String jsonName;
        private final String label;

        Metric(String jsonName, String label) {
            this.jsonName = jsonName;
            this.label = label;
        }

        public String jsonName() {
            return jsonName;
        }

        /** As a sentence says it: "MACs", "parameters". */
        public String label() {
            return label;
        }

        public static Optional<Metric> named(String jsonName) {
            for (Metric m : values()) {
                if (m.jsonName.equals(jsonName)) {
                    return Optional.of(m);
                }
            }
            return Optional.empty();
        }

        /** Whether the plan's counts give this metric (MACs, parameters) rather than a measurement (latency). */
        public boolean counted() {
            return this != LATENCY;
        }

        /** The metrics the plan's counts give. */
        public static java.util.List<Metric> countedMetrics() {
            return java.util.Arrays.stream(values()).filter(Metric::counted).toList();
        }

        /** This metric's count in an impact: before or after; latency is measured, not counted. */
        public long of(Impact impact, boolean after) {
            if (!counted()) {
                throw new IllegalStateException("latency is measured, not counted from a plan");
            }
            return this == MACS ? (after ? impact.macsAfter() : impact.macsBefore())
                    : after ? impact.paramsAfter() : impact.paramsBefore();
        }
    }

    public Budget {
        java.util.Objects.requireNonNull(metric, "metric");
        if (!(keep > 0 && keep <= 1)) {
            throw new IllegalArgumentException("a budget keeps a share in (0, 1], got " + keep);
        }
    }

    /** The most the pruned network may keep: ⌊keep · before⌋. */
    public long limit(long before) {
        return (long) Math.floor(keep * before + 1e-9);
    }
}
