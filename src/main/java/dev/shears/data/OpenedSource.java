package dev.shears.data;

import dev.shears.model.TensorShape;
import java.util.List;

/**
 * A source whose description — name, example shape, class names, whether it has labels, its
 * fingerprint — is settled when it is opened; subclasses say how many examples there are and how
 * to read them.
 */
abstract class OpenedSource implements DataSource {
    private final String name;
    private final TensorShape shape;
    private final List<String> classNames;
    private final boolean labelled;
    private final String fingerprint;

    OpenedSource(String name, TensorShape shape, List<String> classNames, boolean labelled, String fingerprint) {
        this.name = name;
        this.shape = shape;
        this.classNames = List.copyOf(classNames);
        this.labelled = labelled;
        this.fingerprint = fingerprint;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final TensorShape exampleShape() {
        return shape;
    }

    @Override
    public final List<String> classNames() {
        return classNames;
    }

    @Override
    public final boolean labelled() {
        return labelled;
    }

    @Override
    public final String fingerprint() {
        return fingerprint;
    }
}
