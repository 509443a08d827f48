package dev.shears.analysis;

/**
 * Equal-width histogram of values over [low, high]. Values outside fall into the edge bins, so
 * counts always sum to the number of values.
 */
public record Histogram(double low, double high, long[] counts) {
    public static Histogram of(float[] values, int bins, double low, double high) {
        return of(FloatValues.of(values), bins, low, high);
    }

    /** Read where the values lie (a network's buffer is not copied). */
    public static Histogram of(FloatValues values, int bins, double low, double high) {
        if (bins <= 0) {
            throw new IllegalArgumentException("bins must be positive: " + bins);
        }
        long[] counts = new long[bins];
        values.forEachChunk((chunk, offset, length) -> {
            for (int i = offset; i < offset + length; i++) {
                counts[binOf(chunk[i], bins, low, high)]++;
            }
        });
        return new Histogram(low, high, counts);
    }

    /** The bin of {@code bins} equal bins over [low, high] a value falls in; outside values go to the edge bins. */
    public static int binOf(float value, int bins, double low, double high) {
        double width = high > low ? (high - low) / bins : 1;
        int b = (int) ((value - low) / width);
        return Math.max(0, Math.min(bins - 1, b));
    }

    /** Histogram over the values' own range, widened symmetrically around 0 so that 0 sits on a bin edge. */
    public static Histogram symmetric(float[] values, int bins) {
        return symmetric(FloatValues.of(values), bins);
    }

    /** The same, read where the values lie; NaN does not widen the range. */
    public static Histogram symmetric(FloatValues values, int bins) {
        double extent = values.maxMagnitude();
        if (extent == 0) {
            extent = 1;
        }
        return of(values, bins % 2 == 0 ? bins : bins + 1, -extent, extent);
    }

    public int bins() {
        return counts.length;
    }

    public double binWidth() {
        return (high - low) / counts.length;
    }

    public long maxCount() {
        long m = 0;
        for (long c : counts) {
            m = Math.max(m, c);
        }
        return m;
    }

    public long total() {
        long n = 0;
        for (long c : counts) {
            n += c;
        }
        return n;
    }
}
