package dev.shears.data;

import java.util.Arrays;

/** Some examples of another source, by index, in a fixed order. */
final class Subset extends SourceView {
    private final int[] indices;
    private final String name;
    /** Hashed once, when first asked: the parent's own fingerprint may hash all its data. */
    private volatile String fingerprint;

    Subset(DataSource parent, int[] indices, String name) {
        super(parent);
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
    public String fingerprint() {
        String known = fingerprint;
        if (known == null) {
            known = Fingerprints.sha256(parent.fingerprint() + "|subset|" + Arrays.toString(indices));
            fingerprint = known;
        }
        return known;
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
