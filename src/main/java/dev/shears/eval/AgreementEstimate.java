package dev.shears.eval;

/**
 * How closely a pruned model's outputs follow the unpruned model's on the same inputs, after
 * {@code seen} of {@code total} examples: the share whose top-1 class is the same (for class
 * scores), the mean absolute and mean squared output difference, and PSNR against the reference's
 * output range (for image-like outputs). What Shears shows when there are no labels.
 *
 * @param classScores whether the outputs are one score per class (top-1 agreement means something)
 * @param range       max − min of the reference outputs seen (PSNR's peak)
 */
public record AgreementEstimate(int seen, int total, boolean classScores, int sameTop1, double absSum,
                                double squaredSum, long values, double range, double seconds) {
    public double top1Agreement() {
        return seen == 0 ? Double.NaN : (double) sameTop1 / seen;
    }

    public double meanAbsDifference() {
        return values == 0 ? Double.NaN : absSum / values;
    }

    public double meanSquaredDifference() {
        return values == 0 ? Double.NaN : squaredSum / values;
    }

    /** 10·log10(range² / MSE) in dB; infinite when the outputs are identical. */
    public double psnr() {
        double mse = meanSquaredDifference();
        return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(range * range / mse);
    }

    public boolean complete() {
        return seen == total;
    }
}
