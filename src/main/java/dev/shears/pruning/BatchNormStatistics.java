package dev.shears.pruning;

import java.util.Arrays;

/**
 * A BatchNorm layer's running statistics, per channel: the mean and the (population) variance of
 * the layer's input over the examples they were measured on. Pruning upstream channels changes what a
 * BatchNorm sees; these are what re-estimating writes back (EagleEye's adaptive BatchNorm).
 *
 * @param examples how many examples they were measured on
 */
public record BatchNormStatistics(float[] mean, float[] variance, int examples) {
    public BatchNormStatistics {
        if (mean.length != variance.length) {
            throw new IllegalArgumentException("a mean and a variance per channel: " + mean.length + " against "
                    + variance.length);
        }
        mean = mean.clone();
        variance = variance.clone();
    }

    public int channels() {
        return mean.length;
    }

    @Override
    public float[] mean() {
        return mean.clone();
    }

    @Override
    public float[] variance() {
        return variance.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BatchNormStatistics s && examples == s.examples && Arrays.equals(mean, s.mean)
                && Arrays.equals(variance, s.variance);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(variance) + examples;
    }

    @Override
    public String toString() {
        return "BatchNormStatistics[" + mean.length + " channels, " + examples + " examples]";
    }

    /** Accumulates a channel-first tensor's values per channel, in double. */
    public static final class Accumulator {
        private final double[] sum;
        private final double[] sumOfSquares;
        private long perChannel;
        private int examples;

        public Accumulator(int channels) {
            sum = new double[channels];
            sumOfSquares = new double[channels];
        }

        /**
         * Adds a batch laid out [count, channels, positions…] in row-major order.
         *
         * @param positions values per channel per example (height × width for an image, 1 for a vector)
         */
        public void add(float[] values, int count, int positions) {
            int channels = sum.length;
            if ((long) count * channels * positions != values.length) {
                throw new IllegalArgumentException(values.length + " values are not " + count + " examples of "
                        + channels + " channels × " + positions);
            }
            int at = 0;
            for (int n = 0; n < count; n++) {
                for (int c = 0; c < channels; c++) {
                    double s = 0;
                    double q = 0;
                    for (int p = 0; p < positions; p++) {
                        double v = values[at++];
                        s += v;
                        q += v * v;
                    }
                    sum[c] += s;
                    sumOfSquares[c] += q;
                }
            }
            perChannel += (long) count * positions;
            examples += count;
        }

        public BatchNormStatistics statistics() {
            if (perChannel == 0) {
                throw new IllegalStateException("no values were added");
            }
            float[] mean = new float[sum.length];
            float[] variance = new float[sum.length];
            for (int c = 0; c < sum.length; c++) {
                double m = sum[c] / perChannel;
                mean[c] = (float) m;
                variance[c] = (float) Math.max(0, sumOfSquares[c] / perChannel - m * m);
            }
            return new BatchNormStatistics(mean, variance, examples);
        }
    }
}
