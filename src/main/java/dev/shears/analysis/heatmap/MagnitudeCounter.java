package dev.shears.analysis.heatmap;

import dev.shears.task.Cancellation;

/**
 * Exact count of |w| &lt; t for any t in microseconds, for tensors too big to rescan per threshold
 * move. The magnitude keys are bucketed by their top 15 bits (1/128 octave) with cumulative
 * counts; each bucket keeps its values' low 16 bits, so only the one bucket holding t is
 * compared value by value. 2 bytes per weight — half a sorted float copy — and built with two
 * linear passes instead of a sort.
 */
final class MagnitudeCounter {
    private static final int BUCKET_SHIFT = 16;
    private static final int BUCKETS = 1 << (31 - BUCKET_SHIFT);
    private static final int CANCEL_POLL_INTERVAL = 1 << 20;

    /** countBefore[b] = values in buckets before b; NaN keys sort above +∞ and are never counted as below. */
    private final int[] countBefore;
    private final char[] lowBitsByBucket;
    private final long notNaN;

    private MagnitudeCounter(int[] countBefore, char[] lowBitsByBucket, long notNaN) {
        this.countBefore = countBefore;
        this.lowBitsByBucket = lowBitsByBucket;
        this.notNaN = notNaN;
    }

    /** Two branch-free passes: count per bucket, then place each value's low bits in its bucket. */
    static MagnitudeCounter build(float[] values, Cancellation cancellation) {
        int[] countBefore = new int[BUCKETS + 1];
        for (int from = 0; from < values.length; from += CANCEL_POLL_INTERVAL) {
            cancellation.throwIfCancelled();
            int to = Math.min(values.length, from + CANCEL_POLL_INTERVAL);
            for (int i = from; i < to; i++) {
                countBefore[(MagnitudeKeys.of(values[i]) >>> BUCKET_SHIFT) + 1]++;
            }
        }
        for (int b = 1; b <= BUCKETS; b++) {
            countBefore[b] += countBefore[b - 1];
        }
        int[] next = countBefore.clone();
        char[] lowBits = new char[values.length];
        for (int from = 0; from < values.length; from += CANCEL_POLL_INTERVAL) {
            cancellation.throwIfCancelled();
            int to = Math.min(values.length, from + CANCEL_POLL_INTERVAL);
            for (int i = from; i < to; i++) {
                int key = MagnitudeKeys.of(values[i]);
                lowBits[next[key >>> BUCKET_SHIFT]++] = (char) key;
            }
        }
        long numbers = countBelow(countBefore, lowBits, MagnitudeKeys.INFINITY + 1); // keys up to +∞ are numbers
        return new MagnitudeCounter(countBefore, lowBits, numbers);
    }

    /** Non-NaN values. */
    long size() {
        return notNaN;
    }

    /** Values with key &lt; {@code bound}: exactly the cumulative count plus one bucket scan. */
    long countBelowKey(int bound) {
        return countBelow(countBefore, lowBitsByBucket, bound);
    }

    private static long countBelow(int[] countBefore, char[] lowBits, int bound) {
        int bucket = bound >>> BUCKET_SHIFT;
        char low = (char) bound;
        long count = countBefore[bucket];
        for (int i = countBefore[bucket]; i < countBefore[bucket + 1]; i++) {
            count += lowBits[i] < low ? 1 : 0;
        }
        return count;
    }

    PruneCounts counts(double threshold) {
        long pruned = countBelowKey(MagnitudeKeys.exclusiveBound(threshold));
        return new PruneCounts(size() - pruned, pruned);
    }

    /** The coarse cumulative distribution, for bucketing per-block histograms. */
    long countBeforeBucket(int bucket) {
        return countBefore[bucket];
    }

    static int bucketOf(int key) {
        return key >>> BUCKET_SHIFT;
    }

    static int bucketCount() {
        return BUCKETS;
    }

    long estimatedBytes() {
        return 32L + 4L * countBefore.length + 2L * lowBitsByBucket.length;
    }
}
