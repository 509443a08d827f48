package dev.shears.eval;

import dev.shears.data.DataException;
import dev.shears.data.DataFit;
import dev.shears.data.DataRole;
import dev.shears.data.DataSets;
import dev.shears.data.DataSource;
import dev.shears.data.RandomInputs;
import dev.shears.model.NetworkGraph;
import java.util.Optional;

/**
 * What a live preview can measure for a model with the data it has: accuracy on labelled
 * validation data for a classifier; otherwise agreement with the unpruned model — on the
 * validation inputs when they fit, else on seeded random inputs — with the reason in a sentence.
 */
public sealed interface PreviewMeasure {
    /** Random inputs when there is no data: 500 settle top-1 agreement to ±4 points. */
    int RANDOM_INPUTS = 500;

    record Accuracy(DataSource validation) implements PreviewMeasure {
    }

    record Agreement(DataSource inputs, String why) implements PreviewMeasure {
    }

    /** Opens the validation data if needed: call it off the UI thread. */
    static PreviewMeasure choose(Optional<DataSets> data, NetworkGraph graph) throws DataException {
        Optional<DataSource> validation;
        try {
            validation = data.isPresent() ? data.get().get(DataRole.VALIDATION) : Optional.empty();
        } catch (DataException e) {
            return new Agreement(new RandomInputs(graph.input().shape(), RANDOM_INPUTS), e.getMessage()
                    + (e.getMessage().endsWith(".") ? "" : ".") + " Agreement with the unpruned model on random"
                    + " inputs instead.");
        }
        if (validation.isEmpty()) {
            return new Agreement(new RandomInputs(graph.input().shape(), RANDOM_INPUTS), "No validation data is"
                    + " chosen (File ▸ Data…): agreement with the unpruned model on random inputs instead of accuracy.");
        }
        DataSource source = validation.get();
        Optional<String> problem = DataFit.problem(graph, source);
        DataSource inputs = problem.isEmpty() ? source : new RandomInputs(graph.input().shape(), RANDOM_INPUTS);
        if (problem.isPresent()) {
            return new Agreement(inputs, capitalize(problem.get()) + ": agreement on random inputs instead.");
        }
        if (DataFit.classes(graph) == 0) {
            return new Agreement(inputs, "The model's output " + graph.outputShape() + " is not one score per class:"
                    + " output error against the unpruned model instead of accuracy.");
        }
        if (!source.labelled()) {
            return new Agreement(inputs, source.name() + " has no labels: agreement with the unpruned model instead"
                    + " of accuracy.");
        }
        return new Accuracy(source);
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
