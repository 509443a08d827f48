package dev.shears.data;

import dev.shears.model.TensorShape;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Examples already in memory as floats (NumPy arrays, CSV rows): reads copy them out. */
final class LoadedSource extends OpenedSource {
    private final float[] features;
    private final int count;
    private final int[] labels;

    /** {@code labels} null for unlabelled data. */
    LoadedSource(String name, float[] features, int count, TensorShape shape, int[] labels, List<String> classNames,
            String fingerprint) {
        super(name, shape, classNames, labels != null, fingerprint);
        this.features = features;
        this.count = count;
        this.labels = labels;
    }

    /** Examples [range.from, range.to) of {@code features} (and {@code labels}), all {@code per} floats long. */
    static LoadedSource slice(String name, float[] features, int per, int[] labels, SourceOptions.Range range,
            TensorShape shape, List<String> classNames, String fingerprint) {
        float[] kept = features;
        int[] keptLabels = labels;
        if (range.size() * (long) per != features.length) {
            kept = Arrays.copyOfRange(features, range.from() * per, range.to() * per);
            keptLabels = labels == null ? null : Arrays.copyOfRange(labels, range.from(), range.to());
        }
        return new LoadedSource(name, kept, range.size(), shape, keptLabels, classNames, fingerprint);
    }


    @Override
    public int size() {
        return count;
    }





    @Override
    public Examples read(int[] indices) {
        int per = (int) exampleShape().elements();
        float[] out = new float[indices.length * per];
        int[] outLabels = labels == null ? null : new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            int index = indices[i];
            if (index < 0 || index >= count) {
                throw new IndexOutOfBoundsException("example " + index + " of " + count);
            }
            System.arraycopy(features, index * per, out, i * per, per);
            if (outLabels != null) {
                outLabels[i] = labels[index];
            }
        }
        return new Examples(out, indices.length, exampleShape(), Optional.ofNullable(outLabels));
    }
}
