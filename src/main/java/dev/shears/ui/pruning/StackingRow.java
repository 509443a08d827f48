package dev.shears.ui.pruning;

import java.util.List;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.layout.Pane;

/**
 * A row that becomes a column when it does not fit: its children side by side at their preferred widths
 * while the row is wide enough for all of them, otherwise one under another, each at most as wide as the row
 * (a wrapping label then wraps instead of shrinking to "…"). A {@code FlowPane} would keep every child at its
 * preferred width and cut a long label at the panel's edge; an {@code HBox} would shrink them all to "…".
 * Used for the pruning panel's figures, which at a projector's font size (presentation mode) no longer fit
 * on one line.
 */
final class StackingRow extends Pane {
    private final double gap;
    private final boolean centred;

    /** @param centred side by side, whether children are centred vertically on the row (else at its top) */
    StackingRow(double gap, boolean centred, Node... children) {
        this.gap = gap;
        this.centred = centred;
        getChildren().addAll(children);
    }

    private List<Node> shown() {
        return getChildren().stream().filter(Node::isManaged).toList();
    }

    /** Whether all children fit side by side in {@code width} (their content's width, without insets). */
    private boolean fitsSideBySide(double width) {
        return width < 0 || sideBySideWidth() <= width;
    }

    private double sideBySideWidth() {
        List<Node> shown = shown();
        double sum = Math.max(0, shown.size() - 1) * gap;
        for (Node n : shown) {
            sum += n.prefWidth(-1);
        }
        return sum;
    }

    @Override
    public Orientation getContentBias() {
        return Orientation.HORIZONTAL;
    }

    @Override
    protected double computePrefWidth(double height) {
        return snappedLeftInset() + sideBySideWidth() + snappedRightInset();
    }

    @Override
    protected double computeMinWidth(double height) {
        double widest = 0;
        for (Node n : shown()) {
            widest = Math.max(widest, n.minWidth(-1));
        }
        return snappedLeftInset() + widest + snappedRightInset();
    }

    @Override
    protected double computePrefHeight(double width) {
        double content = width < 0 ? -1 : width - snappedLeftInset() - snappedRightInset();
        List<Node> shown = shown();
        double height = 0;
        if (fitsSideBySide(content)) {
            for (Node n : shown) {
                height = Math.max(height, n.prefHeight(n.prefWidth(-1)));
            }
        } else {
            for (Node n : shown) {
                height += n.prefHeight(Math.min(content, n.prefWidth(-1)));
            }
            height += Math.max(0, shown.size() - 1) * gap;
        }
        return snappedTopInset() + height + snappedBottomInset();
    }

    @Override
    protected double computeMinHeight(double width) {
        return computePrefHeight(width);
    }

    @Override
    protected void layoutChildren() {
        double left = snappedLeftInset();
        double top = snappedTopInset();
        double content = getWidth() - left - snappedRightInset();
        boolean sideBySide = fitsSideBySide(content);
        double rowHeight = getHeight() - top - snappedBottomInset();
        double x = left;
        double y = top;
        for (Node n : shown()) {
            double w = sideBySide ? n.prefWidth(-1) : Math.min(content, n.prefWidth(-1));
            double h = n.prefHeight(w);
            double at = sideBySide && centred ? top + Math.max(0, (rowHeight - h) / 2) : y;
            n.resizeRelocate(snapPositionX(x), snapPositionY(at), snapSizeX(w), snapSizeY(h));
            if (sideBySide) {
                x += w + gap;
            } else {
                y += h + gap;
            }
        }
    }
}
