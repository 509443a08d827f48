package dev.shears.pruning.criteria;

import dev.shears.pruning.CriterionName;
import dev.shears.pruning.ParamValues;
import dev.shears.pruning.PruningSpecException;
import java.util.Optional;
import java.util.function.Supplier;

/** The channel and weight criteria each {@link CriterionName} stands for. */
public final class Criteria {
    private Criteria() {
    }

    /**
     * @param seed   for {@code random}
     * @param taylor measures Taylor scores (they need data); called only for {@code taylor} (obd is refused)
     */
    public static Criterion structured(CriterionName name, long seed, Supplier<Criterion> taylor) {
        return structured(name, seed, CriterionMeasurer.taylorOnly(taylor));
    }

    /**
     * @param seed     for {@code random}
     * @param measured measures taylor and obd (they need data); called only for them
     */
    public static Criterion structured(CriterionName name, long seed, CriterionMeasurer measured) {
        return switch (name) {
            case L1 -> new L1Criterion();
            case L2 -> new L2Criterion();
            case BN_GAMMA -> new BatchNormGammaCriterion();
            case TAYLOR, OBD -> measured.measure(name);
            case FPGM -> new FpgmCriterion();
            case RANDOM -> new RandomCriterion(seed);
        };
    }

    /**
     * The weight criterion of an element-wise name: |w| for l1 and l2, ½·F·w² for obd (measured on its
     * first use, so resolving a recipe never measures), uniform for random.
     */
    public static ElementCriterion element(CriterionName name, long seed, CriterionMeasurer measured) {
        return switch (name) {
            case L1, L2 -> new MagnitudeElementCriterion();
            case RANDOM -> new RandomElementCriterion(seed);
            case OBD -> new ElementCriterion() {
                private ElementCriterion measuredCriterion;

                @Override
                public String name() {
                    return "obd";
                }

                @Override
                public synchronized double[] score(String layer, String param, ParamValues values) {
                    if (measuredCriterion == null) {
                        measuredCriterion = (ElementCriterion) measured.measure(CriterionName.OBD);
                    }
                    return measuredCriterion.score(layer, param, values);
                }
            };
            default -> throw new PruningSpecException("criterion", "'" + name.jsonName()
                    + "' ranks whole channels; unstructured pruning takes l1, l2, obd or random");
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
