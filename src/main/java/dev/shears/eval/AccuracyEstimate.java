package dev.shears.eval;

/**
 * Accuracy after {@code seen} of {@code total} examples, with a 95 % Wilson score interval that
 * narrows as more examples are evaluated.
 *
 * @param engine which engine computed it ("ONNX Runtime", "DL4J"), as the UI shows it; empty if unknown
 */
public record AccuracyEstimate(int seen, int total, int correct, int correctTop5, double lossSum,
                               double seconds, String engine) {
    private static final double Z95 = 1.959964;

    public AccuracyEstimate(int seen, int total, int correct, int correctTop5, double lossSum, double seconds) {
        this(seen, total, correct, correctTop5, lossSum, seconds, "");
    }

    public double accuracy() {
        return seen == 0 ? 0 : (double) correct / seen;
    }

    public double top5Accuracy() {
        return seen == 0 ? 0 : (double) correctTop5 / seen;
    }

    public double meanLoss() {
        return seen == 0 ? 0 : lossSum / seen;
    }

    public double examplesPerSecond() {
        return seconds <= 0 ? 0 : seen / seconds;
    }

    public boolean complete() {
        return seen == total;
    }

    /** Lower end of the 95 % Wilson interval for the accuracy. */
    public double lower95() {
        return wilson(-1);
    }

    /** Upper end of the 95 % Wilson interval for the accuracy. */
    public double upper95() {
        return wilson(1);
    }

    /** Half the interval's width, for "± x" displays. */
    public double halfWidth95() {
        return (upper95() - lower95()) / 2;
    }

    private double wilson(int sign) {
        if (seen == 0) {
            return sign < 0 ? 0 : 1;
        }
        double n = seen;
        double p = accuracy();
        double z2 = Z95 * Z95;
        double centre = p + z2 / (2 * n);
        double spread = Z95 * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        return Math.max(0, Math.min(1, (centre + sign * spread) / (1 + z2 / n)));
    }

    public EvaluationResult toResult() {
        return new EvaluationResult(seen, accuracy(), top5Accuracy(), meanLoss(), examplesPerSecond());
    }
}
