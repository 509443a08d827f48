package dev.shears.analysis;

import dev.shears.task.Cancellation;
import java.util.Arrays;

/**
 * Every |w| of one tensor in sorted order, in 2 bytes per weight (half a sorted float copy): exact
 * answers to "how many weights have |w| below t" and "which t leaves a given fraction below", for
 * the threshold slider, the heatmap's mask and the unstructured planner's live counts alike, so a
 * tensor needs one such index, not one per feature.
 *
 * <p>A magnitude is kept as its float bits without the sign, which sort like the magnitude. The top
 * 15 bits pick one of 32,768 buckets (1/128 octave) with cumulative counts; each bucket holds its
 * values' low 16 bits, sorted. Built in two linear passes plus a sort of each bucket. NaN sorts
 * above +∞ and is never below a threshold.
 *
 * <p>Convention everywhere in Shears: a weight is pruned by magnitude threshold t when |w| &lt; t.
 */
public final class MagnitudeIndex {
    private static final int BUCKET_SHIFT = 16;
    private static final int BUCKETS = 1 << (31 - BUCKET_SHIFT);
    private static final int CANCEL_POLL_INTERVAL = 1 << 20;
    /** Float bits of +∞ without the sign: every key above it is a NaN. */
    private static final int INFINITY_KEY = 0x7f800000;

    /** countBefore[b] = values in buckets before b; countBefore[BUCKETS] = all values. */
    private final int[] countBefore;
    /** The low 16 bits of every key, bucket after bucket, sorted within each bucket: the sorted keys. */
    private final char[] sortedLowBits;
    private final int numbers;

    private MagnitudeIndex(int[] countBefore, char[] sortedLowBits) {
        this.countBefore = countBefore;
        this.sortedLowBits = sortedLowBits;
        this.numbers = countBelowKey(INFINITY_KEY + 1);
    }

    public static MagnitudeIndex of(float[] values) {
        return of(FloatValues.of(values), Cancellation.none());
    }

    /** @throws Cancellation.CancelledException when cancelled meanwhile (polled every million values) */
    public static MagnitudeIndex of(float[] values, Cancellation cancellation) {
        return of(FloatValues.of(values), cancellation);
    }

    /**
     * Read where the values lie (a network's buffer is read twice, in storage order, never copied).
     *
     * @throws Cancellation.CancelledException when cancelled meanwhile (polled every chunk)
     */
    public static MagnitudeIndex of(FloatValues values, Cancellation cancellation) {
        int[] countBefore = new int[BUCKETS + 1];
        forEachChunk(values, cancellation, (chunk, from, to) -> {
            for (int i = from; i < to; i++) {
                countBefore[(key(chunk[i]) >>> BUCKET_SHIFT) + 1]++;
            }
        });
        for (int b = 1; b <= BUCKETS; b++) {
            countBefore[b] += countBefore[b - 1];
        }
        int[] next = Arrays.copyOf(countBefore, BUCKETS);
        char[] lowBits = new char[values.size()];
        // the order within a bucket does not matter: each bucket is sorted next
        forEachChunk(values, cancellation, (chunk, from, to) -> {
            for (int i = from; i < to; i++) {
                int key = key(chunk[i]);
                lowBits[next[key >>> BUCKET_SHIFT]++] = (char) key;
            }
        });
        for (int b = 0; b < BUCKETS; b++) {
            if (countBefore[b + 1] - countBefore[b] > 1) {
                if ((b & 1023) == 0) {
                    cancellation.throwIfCancelled();
                }
                Arrays.sort(lowBits, countBefore[b], countBefore[b + 1]);
            }
        }
        return new MagnitudeIndex(countBefore, lowBits);
    }

    private interface RangeVisitor {
        void accept(float[] chunk, int from, int to);
    }

    /** Chunks of at most a million values, so that cancellation is polled between them. */
    private static void forEachChunk(FloatValues values, Cancellation cancellation, RangeVisitor visitor) {
        values.forEachChunk((chunk, offset, length) -> {
            for (int from = offset; from < offset + length; from += CANCEL_POLL_INTERVAL) {
                cancellation.throwIfCancelled();
                visitor.accept(chunk, from, Math.min(offset + length, from + CANCEL_POLL_INTERVAL));
            }
        });
    }

    /** |w| as an int that sorts like |w|: the float bits without the sign. */
    static int key(float value) {
        return Float.floatToRawIntBits(value) & 0x7fffffff;
    }

    /** All values, NaN included. */
    public int size() {
        return sortedLowBits.length;
    }

    /** Values that are not NaN: those a threshold can keep or prune. */
    public int numbers() {
        return numbers;
    }

    /** The largest |w| that is not NaN; 0 for an empty tensor or one of NaN only. */
    public float maxMagnitude() {
        return numbers == 0 ? 0 : magnitudeAt(numbers - 1);
    }

    /** The magnitude at position {@code k} (0-based) of the sorted order. */
    public float magnitudeAt(int k) {
        if (k < 0 || k >= sortedLowBits.length) {
            throw new IndexOutOfBoundsException(k);
        }
        // the last bucket b with countBefore[b] <= k
        int lo = 0;
        int hi = BUCKETS - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (countBefore[mid] <= k) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return Float.intBitsToFloat((lo << BUCKET_SHIFT) | sortedLowBits[k]);
    }

    /** Number of weights with |w| &lt; threshold (compared in double precision; never NaN weights). */
    public int countBelow(double threshold) {
        return countBelowKey(exclusiveBound(threshold));
    }

    /** Values with key &lt; {@code bound}: the cumulative count of the buckets before, plus a binary search in one. */
    public int countBelowKey(int bound) {
        int bucket = bound >>> BUCKET_SHIFT;
        if (bucket >= BUCKETS) {
            return countBefore[BUCKETS];
        }
        char low = (char) bound;
        int lo = countBefore[bucket];
        int hi = countBefore[bucket + 1];
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sortedLowBits[mid] < low) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /**
     * The key K with {@code |w| < threshold ⇔ key(w) < K} for every non-NaN float w; the threshold
     * is compared in double precision, so it need not be a float.
     */
    public static int exclusiveBound(double threshold) {
        if (Double.isNaN(threshold)) {
            throw new IllegalArgumentException("threshold is NaN");
        }
        if (threshold <= 0) {
            return 0;
        }
        float bound = (float) threshold;
        if (bound < threshold) {
            bound = Math.nextUp(bound);
        }
        return Float.floatToRawIntBits(bound);
    }

    /**
     * The threshold that prunes {@code round(fraction·n)} weights (fewer only when ties at the cut
     * make that exact count impossible): the magnitude of the first weight kept.
     */
    public double thresholdForFraction(double fraction) {
        if (fraction < 0 || fraction > 1) {
            throw new IllegalArgumentException("fraction must be in [0, 1]: " + fraction);
        }
        int k = (int) Math.round(fraction * numbers);
        if (k <= 0) {
            return 0;
        }
        if (k >= numbers) {
            return Math.nextUp(maxMagnitude());
        }
        return magnitudeAt(k);
    }

    /** Values in buckets before {@code bucket}: the coarse cumulative distribution, for per-block histograms. */
    public long countBeforeBucket(int bucket) {
        return countBefore[bucket];
    }

    public static int bucketOf(int key) {
        return key >>> BUCKET_SHIFT;
    }

    public static int bucketCount() {
        return BUCKETS;
    }

    public long estimatedBytes() {
        return 32L + 4L * countBefore.length + 2L * sortedLowBits.length;
    }
}
