package dev.shears.data;

import dev.shears.model.TensorShape;
import java.util.List;

/** A source seen differently (renamed, or some of its examples): what examples look like stays the parent's. */
abstract class SourceView implements DataSource {
    final DataSource parent;

    SourceView(DataSource parent) {
        this.parent = parent;
    }

    @Override
    public final TensorShape exampleShape() {
        return parent.exampleShape();
    }

    @Override
    public final List<String> classNames() {
        return parent.classNames();
    }

    @Override
    public final boolean labelled() {
        return parent.labelled();
    }
}
