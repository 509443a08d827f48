package dev.shears.ui;

import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleDoubleProperty;

/**
 * How thick drawn lines are: 1 normally, more in presentation mode, so that histograms and the graph
 * read on a projector. Views that draw their own lines multiply their widths by it and redraw when it
 * changes. Used on the FX thread only.
 */
public final class LineWidths {
    private static final DoubleProperty SCALE = new SimpleDoubleProperty(LineWidths.class, "scale", 1);

    private LineWidths() {
    }

    public static DoubleProperty scaleProperty() {
        return SCALE;
    }

    /** {@code width} × the current scale. */
    public static double of(double width) {
        return width * SCALE.get();
    }
}
