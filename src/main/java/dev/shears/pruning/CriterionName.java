package dev.shears.pruning;

/** The criteria a recipe can name. Unstructured pruning takes the element-wise ones only. */
public enum CriterionName {
    L1("l1", true),
    L2("l2", true),
    BN_GAMMA("bn-gamma", false),
    TAYLOR("taylor", false),
    FPGM("fpgm", false),
    RANDOM("random", true);

    private final String jsonName;
    private final boolean elementWise;

    CriterionName(String jsonName, boolean elementWise) {
        this.jsonName = jsonName;
        this.elementWise = elementWise;
    }

    public String jsonName() {
        return jsonName;
    }

    /** Whether it can rank single weights: l1 and l2 both mean |w| there, random is the baseline. */
    public boolean elementWise() {
        return elementWise;
    }
}
