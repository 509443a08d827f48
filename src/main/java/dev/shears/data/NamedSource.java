package dev.shears.data;

import dev.shears.model.TensorShape;
import java.util.List;

/** A source shown under the name its spec gives (option {@code name}), e.g. the samples' "Fashion-MNIST validation". */
final class NamedSource implements DataSource {
    private final DataSource source;
    private final String name;

    NamedSource(DataSource source, String name) {
        this.source = source;
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int size() {
        return source.size();
    }

    @Override
    public TensorShape exampleShape() {
        return source.exampleShape();
    }

    @Override
    public List<String> classNames() {
        return source.classNames();
    }

    @Override
    public boolean labelled() {
        return source.labelled();
    }

    @Override
    public String fingerprint() {
        return source.fingerprint();
    }

    @Override
    public Examples read(int[] indices) throws DataException {
        return source.read(indices);
    }

    @Override
    public int[] labels() throws DataException {
        return source.labels();
    }

    @Override
    public List<String> notes() {
        return source.notes();
    }
}
