package dev.shears.ui.graph;

import dev.shears.analysis.graph.LayeredGraphLayout;
import dev.shears.model.LayerNode;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;

/**
 * Box sizes from the fonts the graph is drawn with. Measures detached {@link Text} nodes, which
 * JavaFX allows off its thread, so the layout task sizes and lays out in one go.
 */
final class FontSizer implements LayeredGraphLayout.Sizer {
    static final Font NAME = Font.font(GraphStyle.FONT_FAMILY, FontWeight.BOLD, GraphStyle.NAME_SIZE);
    static final Font LINE = Font.font(GraphStyle.FONT_FAMILY, GraphStyle.LINE_SIZE);
    static final Font LABEL = Font.font(GraphStyle.FONT_FAMILY, GraphStyle.LABEL_SIZE);

    private final Text probe = new Text();

    @Override
    public LayeredGraphLayout.Size node(LayerNode node) {
        double width = Math.max(width(GraphStyle.name(node), NAME), Math.max(
                width(GraphStyle.widestTypeLine(node), LINE), width(GraphStyle.shape(node), LINE)));
        return new LayeredGraphLayout.Size(Math.max(GraphStyle.MIN_WIDTH, Math.ceil(width + 2 * GraphStyle.PAD_X)),
                GraphStyle.HEIGHT);
    }

    @Override
    public LayeredGraphLayout.Size label(String text) {
        return new LayeredGraphLayout.Size(Math.ceil(width(text, LABEL)) + 2, GraphStyle.LABEL_SIZE + 3);
    }

    double width(String text, Font font) {
        probe.setFont(font);
        probe.setText(text);
        return probe.getLayoutBounds().getWidth();
    }
}
