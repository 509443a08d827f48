package dev.shears.engine;

import dev.shears.data.Examples;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** Examples as DL4J arrays: features [n, shape…], and one-hot labels for training and gradients. */
public final class Dl4jBatches {
    private Dl4jBatches() {
    }

    public static INDArray features(Examples examples) {
        return Nd4j.create(examples.features(), examples.batchShape(), DataType.FLOAT);
    }

    /** Features with one-hot labels over {@code classes} outputs; the examples must be labelled. */
    public static DataSet labelled(Examples examples, int classes) {
        float[] oneHot = new float[examples.count() * classes];
        for (int i = 0; i < examples.count(); i++) {
            oneHot[i * classes + examples.label(i)] = 1f;
        }
        return new DataSet(features(examples),
                Nd4j.create(oneHot, new long[] {examples.count(), classes}, DataType.FLOAT));
    }
}
