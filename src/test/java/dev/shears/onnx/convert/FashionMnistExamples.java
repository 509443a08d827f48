package dev.shears.onnx.convert;

import dev.shears.data.Examples;
import dev.shears.io.DataSplit;
import dev.shears.io.FashionMnist;
import dev.shears.io.SampleLocations;
import dev.shears.model.TensorShape;
import java.io.IOException;

/** Real Fashion-MNIST images as flat [784] examples with their labels, as the samples take them. */
public final class FashionMnistExamples {
    public static final TensorShape FLAT = TensorShape.of(FashionMnist.SIDE * FashionMnist.SIDE);

    private FashionMnistExamples() {
    }

    /** Examples [from, to) of a split. */
    public static Examples load(DataSplit split, int from, int to) throws IOException {
        FashionMnist data = FashionMnist.load(SampleLocations.fashionMnistFolder(), split);
        float[] features = data.batch(from, to).getFeatures().dup('c').data().asFloat();
        int[] labels = new int[to - from];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = data.label(from + i);
        }
        return Examples.labelled(features, FLAT, labels);
    }
}
