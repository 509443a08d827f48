package dev.shears.pruning;

import java.util.Optional;
import java.util.function.Supplier;

/** The channel criterion each {@link CriterionName} stands for. */
public final class Criteria {
    private Criteria() {
    }

    /**
     * @param seed   for {@code random}
     * @param taylor measures Taylor scores (they need data); called only for {@code taylor}
     */
    public static Criterion structured(CriterionName name, long seed, Supplier<Criterion> taylor) {
        return switch (name) {
            case L1 -> new L1Criterion();
            case L2 -> new L2Criterion();
            case BN_GAMMA -> new BatchNormGammaCriterion();
            case TAYLOR -> taylor.get();
            case FPGM -> new FpgmCriterion();
            case RANDOM -> new RandomCriterion(seed);
        };
    }

    /** The name as recipes and the CLI write it ("bn-gamma"), or empty. */
    public static Optional<CriterionName> named(String jsonName) {
        for (CriterionName n : CriterionName.values()) {
            if (n.jsonName().equals(jsonName)) {
                return Optional.of(n);
            }
        }
        return Optional.empty();
    }
}
