package dev.shears.pruning.criteria;

import dev.shears.io.ModelBackend;
import dev.shears.model.ChannelGroups;
import dev.shears.pruning.CriterionName;
import dev.shears.pruning.PruningSpecException;
import dev.shears.task.Cancellation;
import java.util.List;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Measures the criteria that need gradients on labelled data (taylor, obd) for one model, or says in
 * a sentence why it cannot: gradients come from DL4J only ({@link ModelBackend#trainable()}), and the
 * data must be labelled and fit the model.
 */
public final class MeasuredCriteria {
    private MeasuredCriteria() {
    }

    /**
     * @param labelledBatches the model's labelled validation batches (empty when there are none)
     * @param dataDescription what the run has instead, for the sentence when there are none
     */
    public static Criterion measure(CriterionName name, ModelBackend backend, ChannelGroups groups,
                                    List<DataSet> labelledBatches, String dataDescription,
                                    Cancellation cancellation) {
        if (!name.measured()) {
            throw new IllegalArgumentException(name.jsonName() + " is not measured on data");
        }
        Model network = backend.trainable().orElseThrow(() -> new PruningSpecException("criterion", "'"
                + name.jsonName() + "' needs gradients, which Shears computes only for DL4J models, and this is an "
                + backend.formatName() + " model; choose l1, l2, fpgm, bn-gamma or random"));
        if (labelledBatches.isEmpty()) {
            throw new PruningSpecException("criterion", "'" + name.jsonName() + "' needs labelled validation data"
                    + " that fits the model (choose it with File ▸ Data… or --data); this run has " + dataDescription);
        }
        return name == CriterionName.TAYLOR ? TaylorCriterion.measure(network, groups, labelledBatches, cancellation)
                : ObdCriterion.measure(network, backend.graph(), groups, labelledBatches, cancellation);
    }
}
