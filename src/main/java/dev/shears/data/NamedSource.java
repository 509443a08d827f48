package dev.shears.data;

/** A source shown under the name its spec gives (option {@code name}), e.g. the samples' "Fashion-MNIST validation". */
final class NamedSource extends SourceView {
    private final String name;

    NamedSource(DataSource source, String name) {
        super(source);
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int size() {
        return parent.size();
    }

    @Override
    public String fingerprint() {
        return parent.fingerprint();
    }

    @Override
    public Examples read(int[] indices) throws DataException {
        return parent.read(indices);
    }

    @Override
    public int[] labels() throws DataException {
        return parent.labels();
    }

    @Override
    public java.util.List<String> notes() {
        return parent.notes();
    }
}
