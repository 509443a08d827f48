package dev.shears.pruning.equivalence;

/**
 * How far two networks' outputs are apart on the same examples: the largest absolute difference,
 * and how it was measured ({@link EquivalenceCheck}): directly on the inputs as given, on inputs
 * scaled down (outputs that overflow), or in double precision (float rounding amplified past the
 * tolerance by an untrained network). NaN when no method gave finite outputs.
 *
 * @param methodName "direct", "scaled", "double precision", "double precision, scaled" or "not finite"
 * @param inputScale the factor the inputs were multiplied by: 1 unless scaled
 * @param method     how and why, in words for a report; empty when direct
 */
public record Equivalence(int examples, double maxAbsDifference, String methodName, double inputScale,
                          String method) {
    /** Largest |shrunk − masked| accepted as float rounding; a wrong slice shows as 1e-2 and more. */
    public static final double TOLERANCE = 1e-4;

    public static final String DIRECT = "direct";

    /** Compared directly on the inputs as given. */
    public Equivalence(int examples, double maxAbsDifference) {
        this(examples, maxAbsDifference, Double.isNaN(maxAbsDifference) ? "not finite" : DIRECT, 1, "");
    }

    public boolean direct() {
        return methodName.equals(DIRECT);
    }
}
