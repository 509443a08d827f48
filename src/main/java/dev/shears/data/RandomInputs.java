package dev.shears.data;

import dev.shears.model.TensorShape;
import java.util.List;
import java.util.Random;

/**
 * Seeded Gaussian inputs of a model's input shape, unlabelled: enough to compare a pruned model
 * with the original when the user has no data, and nothing more — the name says so wherever it shows.
 */
public final class RandomInputs implements DataSource {
    public static final String NAME = "random inputs: says nothing about accuracy";
    private static final long SEED = 20_240_601L;
    private final TensorShape shape;
    private final int size;

    public RandomInputs(TensorShape shape, int size) {
        if (!shape.isKnown()) {
            throw new IllegalArgumentException("random inputs need a known input shape");
        }
        this.shape = shape;
        this.size = size;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int size() {
        return size;
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
        return false;
    }

    @Override
    public String fingerprint() {
        return Fingerprints.sha256("random|" + SEED + "|" + shape + "|" + size);
    }

    /** Example i is the same whichever batch asks for it: each has its own seed. */
    @Override
    public Examples read(int[] indices) {
        int per = Math.toIntExact(shape.elements());
        float[] values = new float[indices.length * per];
        for (int i = 0; i < indices.length; i++) {
            Random random = new Random(SEED + indices[i]);
            for (int k = 0; k < per; k++) {
                values[i * per + k] = (float) random.nextGaussian();
            }
        }
        return Examples.unlabelled(values, indices.length, shape);
    }
}
