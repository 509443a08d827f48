package dev.shears.data;

/** What a source is used for. Validation guides choices (previews, scans); test grades the result. */
public enum DataRole {
    VALIDATION("validation"),
    TEST("test"),
    TRAIN("training");

    private final String displayName;

    DataRole(String displayName) {
        this.displayName = displayName;
    }

    public String displayName() {
        return displayName;
    }
}
