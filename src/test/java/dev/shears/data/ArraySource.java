package dev.shears.data;

import dev.shears.model.TensorShape;
import java.util.Arrays;
import java.util.List;

/** Examples held in arrays, for tests of what sits on top of sources. Example i's features are all i. */
final class ArraySource implements DataSource {
    private final int[] labels;
    private final TensorShape shape;
    private final boolean labelled;

    ArraySource(int[] labels, TensorShape shape, boolean labelled) {
        this.labels = labels.clone();
        this.shape = shape;
        this.labelled = labelled;
    }

    @Override
    public String name() {
        return "arrays";
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public TensorShape exampleShape() {
        return shape;
    }

    @Override
    public List<String> classNames() {
        return List.of();
    }

    @Override
    public boolean labelled() {
        return labelled;
    }

    @Override
    public String fingerprint() {
        return Fingerprints.sha256(Arrays.toString(labels) + shape);
    }

    @Override
    public Examples read(int[] indices) {
        int per = Math.toIntExact(shape.elements());
        float[] f = new float[indices.length * per];
        int[] l = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            Arrays.fill(f, i * per, (i + 1) * per, indices[i]);
            l[i] = labels[indices[i]];
        }
        return labelled ? Examples.labelled(f, shape, l) : Examples.unlabelled(f, indices.length, shape);
    }
}
