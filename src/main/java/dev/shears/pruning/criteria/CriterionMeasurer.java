package dev.shears.pruning.criteria;

import dev.shears.pruning.CriterionName;
import dev.shears.pruning.PruningSpecException;
import java.util.function.Supplier;

/**
 * Measures a criterion whose scores need labelled data and gradients ({@link CriterionName#measured()}:
 * taylor, obd). Callers measure each at most once per network ({@link MeasuredCriteria} does the work).
 */
@FunctionalInterface
public interface CriterionMeasurer {
    /**
     * The measured criterion for {@code name}; throws {@link PruningSpecException} with a sentence when it
     * cannot be measured here (an ONNX model, no labelled data).
     */
    Criterion measure(CriterionName name);

    /** For callers that measure taylor only: every other measured criterion is refused in a sentence. */
    static CriterionMeasurer taylorOnly(Supplier<Criterion> taylor) {
        return name -> {
            if (name == CriterionName.TAYLOR) {
                return taylor.get();
            }
            throw new PruningSpecException("criterion", "'" + name.jsonName() + "' is not available here;"
                    + " choose l1, l2, bn-gamma, taylor, fpgm or random");
        };
    }

    /** Refuses every measured criterion (where no data can be had). */
    static CriterionMeasurer none() {
        return name -> {
            throw new PruningSpecException("criterion", "'" + name.jsonName() + "' needs labelled data and"
                    + " gradients, which are not available here");
        };
    }
}
