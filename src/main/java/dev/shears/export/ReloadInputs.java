package dev.shears.export;

import dev.shears.data.DataException;
import dev.shears.data.DataSource;
import dev.shears.data.Examples;
import dev.shears.model.NetworkGraph;
import dev.shears.pruning.equivalence.CheckInputs;
import java.util.Optional;

/**
 * What the reload check runs both networks on: the first validation examples when they fit the
 * network, else seeded Gaussian inputs of its input shape. Validation, not test: checks and choices
 * stay off the data the report grades on.
 */
record ReloadInputs(Examples examples, String description) {
    static final int IMAGES = 64;

    static ReloadInputs forNetwork(NetworkGraph graph, Optional<DataSource> validation) throws DataException {
        CheckInputs.Inputs inputs = CheckInputs.forNetwork(graph, validation, IMAGES);
        return new ReloadInputs(inputs.examples(), inputs.description());
    }
}
