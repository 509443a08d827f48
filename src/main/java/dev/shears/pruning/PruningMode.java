package dev.shears.pruning;

/** Remove whole channels (a smaller network) or zero single weights (same shapes). */
public enum PruningMode {
    STRUCTURED("structured"),
    UNSTRUCTURED("unstructured");

    private final String jsonName;

    PruningMode(String jsonName) {
        this.jsonName = jsonName;
    }

    public String jsonName() {
        return jsonName;
    }
}
