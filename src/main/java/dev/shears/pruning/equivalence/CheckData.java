package dev.shears.pruning.equivalence;

import dev.shears.data.DataException;
import dev.shears.data.DataFit;
import dev.shears.data.DataSource;
import dev.shears.data.Examples;
import dev.shears.engine.Dl4jBatches;
import dev.shears.model.NetworkGraph;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The examples a pruning run measures on (Taylor: labelled batches) and checks on (equivalence),
 * shaped for the network's input: the user's validation examples when they fit the network;
 * otherwise a few seeded Gaussian inputs of the network's input shape, which prove equivalence as
 * well but cannot rank channels by their effect on a loss.
 */
public record CheckData(Examples examples, List<DataSet> labelledBatches, String description) {
    static final int CHECK_EXAMPLES = 256;
    /**
     * Taylor: the same 256 examples in batches of 64 — backprop of the BN CNN runs at ~200 img/s on 2
     * idle cores (far less under load), and 256 images already rank channels stably.
     */
    static final int TAYLOR_EXAMPLES = 256;
    static final int TAYLOR_BATCH = 64;

    public CheckData {
        labelledBatches = List.copyOf(labelledBatches);
    }

    public static CheckData forNetwork(NetworkGraph graph, Optional<DataSource> validation) throws DataException {
        CheckInputs.Inputs inputs = CheckInputs.forNetwork(graph, validation, CHECK_EXAMPLES);
        List<DataSet> batches = new ArrayList<>();
        int classes = DataFit.classes(graph);
        if (validation.isPresent() && validation.get().labelled() && classes > 0
                && DataFit.problem(graph, validation.get()).isEmpty()) {
            DataSource data = validation.get();
            int examples = Math.min(TAYLOR_EXAMPLES, data.size());
            for (int from = 0; from < examples; from += TAYLOR_BATCH) {
                batches.add(Dl4jBatches.labelled(data.read(from, Math.min(examples, from + TAYLOR_BATCH)), classes));
            }
        }
        return new CheckData(inputs.examples(), batches, inputs.description());
    }
}
