package dev.shears.onnx;

import java.util.Arrays;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Translates between a parameter in the DL4J layout the pruning engine works in and the ONNX tensor
 * that stores it (see {@link StoredLayout}): value positions, and indices removed along an axis.
 */
final class StoredLayouts {
    private StoredLayouts() {
    }

    /** Indices removed along one axis of the stored tensor. */
    record AxisCut(int axis, SortedSet<Long> indices) {
    }

    /** For each C-order index of the parameter in DL4J layout, the C-order index of that value in the stored tensor. */
    static int[] storedIndexOf(StoredLayout layout, long[] dl4jShape) {
        int n = Math.toIntExact(Arrays.stream(dl4jShape).reduce(1, Math::multiplyExact));
        int[] stored = new int[n];
        switch (layout) {
            case AS_IS -> Arrays.setAll(stored, i -> i);
            case TRANSPOSED -> {
                // DL4J [in, out], stored [out, in]
                int in = Math.toIntExact(dl4jShape[0]);
                int out = Math.toIntExact(dl4jShape[1]);
                for (int i = 0; i < in; i++) {
                    for (int o = 0; o < out; o++) {
                        stored[i * out + o] = o * in + i;
                    }
                }
            }
            case DEPTHWISE -> {
                // DL4J [kH, kW, C, m], stored [C·m, 1, kH, kW]
                int kh = Math.toIntExact(dl4jShape[0]);
                int kw = Math.toIntExact(dl4jShape[1]);
                int channels = Math.toIntExact(dl4jShape[2]);
                int multiplier = Math.toIntExact(dl4jShape[3]);
                int index = 0;
                for (int h = 0; h < kh; h++) {
                    for (int w = 0; w < kw; w++) {
                        for (int c = 0; c < channels; c++) {
                            for (int j = 0; j < multiplier; j++) {
                                stored[index++] = ((c * multiplier + j) * kh + h) * kw + w;
                            }
                        }
                    }
                }
            }
        }
        return stored;
    }

    /**
     * The stored axis and indices that removing {@code removed} along DL4J axis {@code axis} means.
     * A depthwise channel c is the m stored rows c·m … c·m+m−1; the engine never slices a depthwise
     * kernel along another axis.
     */
    static AxisCut storedCut(StoredLayout layout, long[] dl4jShape, int axis, SortedSet<Long> removed) {
        return switch (layout) {
            case AS_IS -> new AxisCut(axis, removed);
            case TRANSPOSED -> new AxisCut(1 - axis, removed);
            case DEPTHWISE -> {
                if (axis != 2) {
                    throw new IllegalArgumentException("a depthwise kernel is sliced only along its channels, not along"
                            + " axis " + axis);
                }
                long multiplier = dl4jShape[3];
                SortedSet<Long> rows = new TreeSet<>();
                for (long c : removed) {
                    for (long j = 0; j < multiplier; j++) {
                        rows.add(c * multiplier + j);
                    }
                }
                yield new AxisCut(0, rows);
            }
        };
    }
}
