package dev.shears.pruning.equivalence;

import dev.shears.data.DataException;
import dev.shears.data.DataFit;
import dev.shears.data.DataSource;
import dev.shears.data.Examples;
import dev.shears.engine.Dl4jBatches;
import dev.shears.model.NetworkGraph;
import dev.shears.model.TensorShape;
import java.util.Optional;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Inputs to compare two networks on: the first examples of the user's validation data when it fits
 * the network, else a few seeded Gaussian examples of the input shape — which prove two networks
 * equal as well, but say nothing about accuracy. Used by pruning's equivalence check and the
 * export's reload check.
 */
public final class CheckInputs {
    /** ImageNet-sized inputs are heavy on 2 cores; two examples already expose a wrong slice. */
    public static final int RANDOM_EXAMPLES = 2;

    private CheckInputs() {
    }

    public static TensorShape input(NetworkGraph graph) {
        return graph.input().shape();
    }

    /** Features and a description of what they are. */
    public record Inputs(Examples examples, String description) {
        /** The examples as one DL4J array, batch axis first. */
        public INDArray features() {
            return Dl4jBatches.features(examples);
        }
    }

    /**
     * The first {@code count} examples of {@code validation} when it fits the network, else seeded
     * random inputs; the description says which, and why random.
     */
    public static Inputs forNetwork(NetworkGraph graph, Optional<DataSource> validation, int count)
            throws DataException {
        String why = " (no validation data chosen)";
        if (validation.isPresent()) {
            DataSource data = validation.get();
            Optional<String> problem = DataFit.problem(graph, data);
            if (problem.isEmpty()) {
                int n = Math.min(count, data.size());
                return new Inputs(data.read(0, n), n + " examples of " + data.name());
            }
            why = " (" + problem.get() + ")";
        }
        return new Inputs(gaussianExamples(graph), RANDOM_EXAMPLES + " seeded random inputs of "
                + (graph.input().assumed() ? "guessed " : "") + "shape " + input(graph) + why);
    }

    /** {@link #RANDOM_EXAMPLES} seeded Gaussian examples of the network's input shape. */
    public static INDArray gaussian(NetworkGraph graph) {
        return Dl4jBatches.features(gaussianExamples(graph));
    }

    /** {@link #RANDOM_EXAMPLES} seeded Gaussian examples of the network's input shape. */
    public static Examples gaussianExamples(NetworkGraph graph) {
        TensorShape input = input(graph);
        if (!input.isKnown()) {
            throw new IllegalArgumentException("the network's input size is unknown: nothing to check it on");
        }
        Random random = new Random(20_240_601L);
        float[] values = new float[Math.toIntExact(RANDOM_EXAMPLES * input.elements())];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return Examples.unlabelled(values, RANDOM_EXAMPLES, input);
    }
}
