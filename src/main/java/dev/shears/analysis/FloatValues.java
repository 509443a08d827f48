package dev.shears.analysis;

import java.util.Optional;

/**
 * A tensor's values in row-major order, read where they lie: a Java array, or the network's own
 * parameter buffer (native memory), so that drawing or summarising a 400 MB layer does not need a
 * second 400 MB copy of it. Read-only; indices are row-major whatever order the storage keeps.
 */
public interface FloatValues {
    /** Values handed to a {@link ChunkVisitor} at a time when they have to be copied out of their storage. */
    int CHUNK = 1 << 16;

    int size();

    /** The value at a row-major index. */
    float get(int index);

    /** Values {@code [from, from + length)} of the row-major order into {@code target[offset …]}. */
    default void read(int from, float[] target, int offset, int length) {
        for (int j = 0; j < length; j++) {
            target[offset + j] = get(from + j);
        }
    }

    /**
     * Every value once, chunk by chunk, in whatever order the storage reads fastest: for summaries
     * that do not depend on the order (counts, extremes, histograms). A chunk is valid only during
     * the call.
     */
    default void forEachChunk(ChunkVisitor visitor) {
        float[] chunk = new float[Math.min(CHUNK, Math.max(1, size()))];
        for (int from = 0; from < size(); from += chunk.length) {
            int length = Math.min(chunk.length, size() - from);
            read(from, chunk, 0, length);
            visitor.accept(chunk, 0, length);
        }
    }

    /** The array these values are, when they are one (no copy); empty when they lie elsewhere. */
    default Optional<float[]> array() {
        return Optional.empty();
    }

    /** A copy of every value in row-major order (for small tensors only: a BatchNorm layer's γ). */
    default float[] toArray() {
        float[] out = new float[size()];
        read(0, out, 0, out.length);
        return out;
    }

    /** The largest |v| (NaN ignored); 0 for no values. */
    default double maxMagnitude() {
        double[] max = {0};
        forEachChunk((chunk, offset, length) -> {
            double m = max[0];
            for (int i = offset; i < offset + length; i++) {
                float a = Math.abs(chunk[i]);
                if (a > m) { // false for NaN
                    m = a;
                }
            }
            max[0] = m;
        });
        return max[0];
    }

    /** The array itself, not a copy: it must not change while these values are read. */
    static FloatValues of(float[] values) {
        return new ArrayValues(values);
    }

    /** Receives {@code chunk[offset, offset + length)}. */
    @FunctionalInterface
    interface ChunkVisitor {
        void accept(float[] chunk, int offset, int length);
    }

    /** Values in a Java array. */
    record ArrayValues(float[] values) implements FloatValues {
        @Override
        public int size() {
            return values.length;
        }

        @Override
        public float get(int index) {
            return values[index];
        }

        @Override
        public void read(int from, float[] target, int offset, int length) {
            System.arraycopy(values, from, target, offset, length);
        }

        @Override
        public void forEachChunk(ChunkVisitor visitor) {
            visitor.accept(values, 0, values.length);
        }

        @Override
        public Optional<float[]> array() {
            return Optional.of(values);
        }
    }
}
