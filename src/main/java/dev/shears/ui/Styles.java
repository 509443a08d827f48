package dev.shears.ui;

/** Style class names used by the views; the rules live in shears.css. */
public final class Styles {
    public static final String STYLESHEET = "/dev/shears/ui/shears.css";
    public static final String NUMBER = "number";
    public static final String STATUS_BAR = "status-bar";
    public static final String SECTION_TITLE = "section-title";
    public static final String MUTED = "muted";
    public static final String GROUP_ROW = "group-row";
    public static final String DROP_TARGET = "drop-target";
    public static final String EMPTY_STATE = "empty-state";
    public static final String PROPERTY_KEY = "property-key";
    public static final String PROBLEM = "problem";
    public static final String DATA_ROLE = "data-role";
    public static final String DATA_PATH = "data-path";
    public static final String DATA_BUILT_IN = "data-built-in";
    public static final String DATA_TILE = "data-tile";
    public static final String DATA_TILE_LABEL = "data-tile-label";

    private Styles() {
    }
}
