package dev.shears.data;

import dev.shears.model.ModelInput;
import dev.shears.model.NetworkGraph;
import dev.shears.model.TensorShape;
import java.util.Optional;

/**
 * The one place that decides whether a source can feed a model, and says why not: the examples'
 * shape against the model's input, and the labels against the model's outputs.
 */
public final class DataFit {
    private DataFit() {
    }

    /** Why {@code source} cannot feed the network of {@code graph}, or empty when it can. */
    public static Optional<String> problem(NetworkGraph graph, DataSource source) throws DataException {
        ModelInput input = graph.input();
        if (!input.isKnown()) {
            return Optional.of("the model's input size is unknown, so no data can be checked against it");
        }
        if (!shapeFits(input.shape(), source.exampleShape())) {
            return Optional.of(source.name() + " gives examples of shape " + source.exampleShape()
                    + ", but the model takes " + input.shape()
                    + input.image().map(g -> " (" + g.describe() + " images)").orElse(""));
        }
        if (source.size() == 0) {
            return Optional.of(source.name() + " holds no examples");
        }
        if (source.labelled()) {
            int classes = classes(graph);
            if (classes > 0) {
                int[] labels = source.labels();
                for (int i = 0; i < labels.length; i++) {
                    if (labels[i] < 0 || labels[i] >= classes) {
                        return Optional.of(source.name() + ": example " + i + " has label " + labels[i]
                                + ", but the model has " + classes + " outputs (labels 0–" + (classes - 1) + ")");
                    }
                }
                if (source.classNames().size() > classes) {
                    return Optional.of(source.name() + " has " + source.classNames().size()
                            + " classes, but the model has " + classes + " outputs");
                }
            }
        }
        return Optional.empty();
    }

    /** Throws the {@link #problem} as a {@link DataException}. */
    public static void require(NetworkGraph graph, DataSource source) throws DataException {
        Optional<String> problem = problem(graph, source);
        if (problem.isPresent()) {
            throw new DataException(problem.get());
        }
    }

    /** Number of classes when the (first) output is one score per class, else 0. */
    public static int classes(NetworkGraph graph) {
        TensorShape out = graph.outputShape();
        return out.rank() == 1 && out.dim(0) > 1 ? Math.toIntExact(out.dim(0)) : 0;
    }

    /** Equal shapes; or a flat model input taking as many values as an example has. */
    private static boolean shapeFits(TensorShape model, TensorShape example) {
        return model.equals(example) || model.rank() == 1 && model.elements() == example.elements();
    }
}
