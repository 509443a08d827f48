package dev.shears.pruning.criteria;

import dev.shears.pruning.CriterionName;
import dev.shears.pruning.PruningSpecException;
import java.util.Optional;

/**
 * Which tensors a channel's score is taken from. {@link #PRODUCER} is each criterion as defined (l1,
 * l2 and fpgm score the producers' filters, bn-gamma the BatchNorms, taylor the readers, obd every
 * tensor of the group); the group modes score the channel on every member tensor of its group —
 * producers' filters, BatchNorm γ, readers' input slices — and reduce the member scores by their mean,
 * sum or max ({@link GroupImportance}). Structured pruning only.
 */
public enum Importance {
    PRODUCER("producer"),
    GROUP_MEAN("group-mean"),
    GROUP_SUM("group-sum"),
    GROUP_MAX("group-max");

    private final String jsonName;

    Importance(String jsonName) {
        this.jsonName = jsonName;
    }

    public String jsonName() {
        return jsonName;
    }

    /** The name as recipes and the CLI write it ("group-mean"), or empty. */
    public static Optional<Importance> named(String jsonName) {
        for (Importance i : values()) {
            if (i.jsonName.equals(jsonName)) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    /** Why this importance cannot use the criterion, or empty: random scores nothing to combine. */
    public Optional<String> refuses(CriterionName criterion) {
        if (this == PRODUCER || criterion != CriterionName.RANDOM) {
            return Optional.empty();
        }
        return Optional.of("'" + jsonName + "' combines a criterion's scores over a group's tensors; random"
                + " scores no tensor (use producer)");
    }

    /**
     * The criterion this importance ranks channels with: the criterion itself, or its group importance.
     * Two calls on the same criterion give equal criteria (so cached rankings are found again).
     */
    public Criterion apply(CriterionName name, Criterion criterion) {
        refuses(name).ifPresent(reason -> {
            throw new PruningSpecException("importance", reason);
        });
        return this == PRODUCER ? criterion : new GroupImportance(criterion, this);
    }
}
