package dev.shears;

import dev.shears.io.DataSplit;
import dev.shears.io.FashionMnist;
import dev.shears.io.SampleLocations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.Map;

/** The bundled Fashion-MNIST splits, loaded once per test JVM (the training split takes a second). */
public final class FashionSplits {
    private static final Map<DataSplit, FashionMnist> LOADED = new EnumMap<>(DataSplit.class);

    private FashionSplits() {
    }

    public static synchronized FashionMnist get(DataSplit split) {
        return LOADED.computeIfAbsent(split, s -> {
            try {
                return FashionMnist.load(SampleLocations.fashionMnistFolder(), s);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    public static FashionMnist validation() {
        return get(DataSplit.VALIDATION);
    }

    public static FashionMnist test() {
        return get(DataSplit.TEST);
    }

    public static FashionMnist train() {
        return get(DataSplit.TRAIN);
    }
}
