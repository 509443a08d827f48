package dev.shears.data;

import dev.shears.model.TensorShape;
import java.util.Arrays;
import java.util.List;

/** Some examples of another source, by index, in a fixed order. */
final class Subset implements DataSource {
    private final DataSource parent;
    private final int[] indices;
    private final String name;

    Subset(DataSource parent, int[] indices, String name) {
        this.parent = parent;
        this.indices = indices.clone();
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int size() {
        return indices.length;
    }

    @Override
    public TensorShape exampleShape() {
        return parent.exampleShape();
    }

    @Override
    public List<String> classNames() {
        return parent.classNames();
    }

    @Override
    public boolean labelled() {
        return parent.labelled();
    }

    @Override
    public String fingerprint() {
        return Fingerprints.sha256(parent.fingerprint() + "|subset|" + Arrays.toString(indices));
    }

    @Override
    public Examples read(int[] at) throws DataException {
        int[] mapped = new int[at.length];
        for (int i = 0; i < at.length; i++) {
            mapped[i] = indices[at[i]];
        }
        return parent.read(mapped);
    }

    @Override
    public int[] labels() throws DataException {
        int[] all = parent.labels();
        int[] out = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            out[i] = all[indices[i]];
        }
        return out;
    }
}
