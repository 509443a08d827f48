package dev.shears.analysis.heatmap;

/** Whether colour shows the sign of a weight or only its magnitude. */
public enum ValueMode {
    /** Diverging colours centred on 0. */
    SIGNED,
    /** |w| from white to the positive end of the scheme. */
    MAGNITUDE
}
