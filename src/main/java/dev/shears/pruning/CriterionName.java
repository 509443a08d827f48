package dev.shears.pruning;

import dev.shears.pruning.criteria.CriterionMeasurer;

/** The criteria a recipe can name. Unstructured pruning takes the element-wise ones only. */
public enum CriterionName {
    L1("l1", true, false),
    L2("l2", true, false),
    BN_GAMMA("bn-gamma", false, false),
    TAYLOR("taylor", false, true),
    FPGM("fpgm", false, false),
    OBD("obd", true, true),
    RANDOM("random", true, false);

    private final String jsonName;
    private final boolean elementWise;
    private final boolean measured;

    CriterionName(String jsonName, boolean elementWise, boolean measured) {
        this.jsonName = jsonName;
        this.elementWise = elementWise;
        this.measured = measured;
    }

    public String jsonName() {
        return jsonName;
    }

    /**
     * Whether it can rank single weights: l1 and l2 both mean |w| there, obd is ½·F·w² per weight,
     * random is the baseline.
     */
    public boolean elementWise() {
        return elementWise;
    }

    /**
     * Whether its scores are measured on labelled data with gradients (taylor, obd): DL4J models only,
     * through a {@link CriterionMeasurer}.
     */
    public boolean measured() {
        return measured;
    }
}
