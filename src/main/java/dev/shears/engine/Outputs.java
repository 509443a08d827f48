package dev.shears.engine;

import dev.shears.model.TensorShape;

/** A network's output for a batch: {@code count} rows of {@code exampleShape}, one after the other. */
public record Outputs(float[] values, int count, TensorShape exampleShape) {
    public Outputs {
        if ((long) count * exampleShape.elements() != values.length) {
            throw new IllegalArgumentException(count + " outputs of " + exampleShape + " need "
                    + (long) count * exampleShape.elements() + " values, got " + values.length);
        }
    }

    /** Values per example. */
    public int width() {
        return Math.toIntExact(exampleShape.elements());
    }
}
