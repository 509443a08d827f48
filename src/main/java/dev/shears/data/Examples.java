package dev.shears.data;

import dev.shears.model.TensorShape;
import java.util.Arrays;
import java.util.Optional;

/**
 * A batch of examples as a network takes them: {@code features} holds {@code count} examples of
 * {@code exampleShape} one after the other, each in row-major order; {@code labels} holds one class
 * index per example, or is empty for unlabelled data.
 */
public record Examples(float[] features, int count, TensorShape exampleShape, Optional<int[]> labels) {
    public Examples {
        long per = exampleShape.elements();
        if ((long) count * per != features.length) {
            throw new IllegalArgumentException(count + " examples of " + exampleShape + " need "
                    + (long) count * per + " values, got " + features.length);
        }
        if (labels.isPresent() && labels.get().length != count) {
            throw new IllegalArgumentException(count + " examples but " + labels.get().length + " labels");
        }
    }

    public static Examples labelled(float[] features, TensorShape exampleShape, int[] labels) {
        return new Examples(features, labels.length, exampleShape, Optional.of(labels));
    }

    public static Examples unlabelled(float[] features, int count, TensorShape exampleShape) {
        return new Examples(features, count, exampleShape, Optional.empty());
    }

    /** The batch's shape with the batch axis first: [count, exampleShape…]. */
    public long[] batchShape() {
        long[] dims = exampleShape.dims();
        long[] shape = new long[dims.length + 1];
        shape[0] = count;
        System.arraycopy(dims, 0, shape, 1, dims.length);
        return shape;
    }

    public int label(int example) {
        return labels.orElseThrow(() -> new IllegalStateException("these examples have no labels"))[example];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Examples e && count == e.count && exampleShape.equals(e.exampleShape)
                && Arrays.equals(features, e.features)
                && labels.isPresent() == e.labels.isPresent()
                && (labels.isEmpty() || Arrays.equals(labels.get(), e.labels.get()));
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(features) + count;
    }

    @Override
    public String toString() {
        return "Examples[" + count + " × " + exampleShape + (labels.isPresent() ? ", labelled]" : ", unlabelled]");
    }
}
