package dev.shears.ui.weights;

/** How the user states the magnitude threshold. */
public enum ThresholdMode {
    MAGNITUDE("|w| below"),
    PERCENT_BELOW("% of weights");

    private final String label;

    ThresholdMode(String label) {
        this.label = label;
    }

    @Override
    public String toString() {
        return label;
    }
}
