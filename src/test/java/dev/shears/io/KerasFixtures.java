package dev.shears.io;

import java.nio.file.Path;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The Keras 2 fixtures under src/test/resources/keras/, written by
 * src/test/fixtures/keras/make_keras_fixtures.py (h5py laid out as Keras 2.13's model.save, seeded
 * weights), with inputs and the outputs a NumPy forward pass computed for them.
 */
final class KerasFixtures {
    static final Path FOLDER = Path.of("src", "test", "resources", "keras");
    static final String SEQUENTIAL = "sequential_cnn";
    static final String FUNCTIONAL = "functional_residual";

    private KerasFixtures() {
    }

    static Path file(String name) {
        return FOLDER.resolve(name).toAbsolutePath();
    }

    static Path model(String fixture) {
        return file(fixture + ".h5");
    }

    /** Three examples, [3, h, w, c] as Keras takes them. */
    static INDArray inputs(String fixture) {
        return Nd4j.createFromNpyFile(file(fixture + ".inputs.npy").toFile());
    }

    /** What Keras computes for {@link #inputs}: [3, 10] class probabilities. */
    static INDArray expected(String fixture) {
        return Nd4j.createFromNpyFile(file(fixture + ".expected.npy").toFile());
    }

    static INDArray output(Model network, INDArray features) {
        INDArray out = network instanceof MultiLayerNetwork mln ? mln.output(features)
                : ((ComputationGraph) network).outputSingle(features);
        return out.castTo(features.dataType());
    }

    static double maxAbsDifference(INDArray a, INDArray b) {
        return a.sub(b.castTo(a.dataType())).amaxNumber().doubleValue();
    }
}
