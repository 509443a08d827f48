package dev.shears.ui.graph;

import dev.shears.model.LayerKind;
import dev.shears.model.LayerNode;
import java.util.Locale;
import java.util.Map;

/**
 * What a node of the graph says and how it is coloured — shared by the window and the SVG export, so
 * both draw the same picture. Plain Java.
 */
final class GraphStyle {
    static final String FONT_FAMILY = "System";
    static final String SVG_FONT_FAMILY = "system-ui, 'Segoe UI', 'DejaVu Sans', Arial, sans-serif";
    static final double NAME_SIZE = 12;
    static final double LINE_SIZE = 11;
    static final double LABEL_SIZE = 10;
    static final double PAD_X = 9;
    static final double PAD_Y = 5;
    static final double NAME_LINE = 16;
    static final double LINE = 14;
    static final double MIN_WIDTH = 70;
    static final double HEIGHT = PAD_Y * 2 + NAME_LINE + 2 * LINE;

    /** 100 % kept (or no weights): a neutral grey-blue. */
    static final String NEUTRAL = "#eef2f7";
    static final String BORDER = "#7a8599";
    static final String SELECTED_BORDER = "#2f6fb3";
    static final String SELECTED_GLOW = "#a9c8ec";
    static final String COUPLED_BORDER = "#8e44ad";
    static final String COUPLED_GLOW = "#c39bd3";
    static final String EDGE = "#8a94a6";
    static final String EDGE_LABEL = "#5b6475";
    static final String TEXT = "#1f2430";
    static final String MUTED_TEXT = "#4a5263";

    /** Keep share → fill: 100 % neutral, then warmer (sequential orange–red, light to dark) as less is kept. */
    private static final double[] STOPS = {0.0, 0.25, 0.5, 0.75, 0.999, 1.0};
    private static final int[][] COLOURS = {
        {0xd7, 0x30, 0x1f}, {0xef, 0x65, 0x48}, {0xfc, 0x8d, 0x59}, {0xfd, 0xbb, 0x84}, {0xfe, 0xe8, 0xc8},
        {0xee, 0xf2, 0xf7}};

    private GraphStyle() {
    }

    /** The fill of a node keeping this share; null (no weights, nothing to keep) is neutral. */
    static String fill(Double kept) {
        if (kept == null || kept >= 1) {
            return NEUTRAL;
        }
        double k = Math.max(0, kept);
        for (int i = 1; i < STOPS.length; i++) {
            if (k <= STOPS[i]) {
                double t = (k - STOPS[i - 1]) / (STOPS[i] - STOPS[i - 1]);
                int[] a = COLOURS[i - 1];
                int[] b = COLOURS[i];
                return String.format(Locale.ROOT, "#%02x%02x%02x", mix(a[0], b[0], t), mix(a[1], b[1], t),
                        mix(a[2], b[2], t));
            }
        }
        return NEUTRAL;
    }

    /** Light text on the darkest fills, dark text elsewhere. */
    static String textOn(String fill) {
        int r = Integer.parseInt(fill.substring(1, 3), 16);
        int g = Integer.parseInt(fill.substring(3, 5), 16);
        int b = Integer.parseInt(fill.substring(5, 7), 16);
        double luminance = (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
        return luminance < 0.45 ? "#ffffff" : TEXT;
    }

    private static int mix(int a, int b, double t) {
        return (int) Math.round(a + (b - a) * t);
    }

    static String name(LayerNode node) {
        return node.name();
    }

    /** What the node does: Shears' kind, or the framework's own type when Shears has no kind for it. */
    static String type(LayerNode node) {
        return node.kind() == LayerKind.OTHER_LAYER || node.kind() == LayerKind.OTHER_VERTEX
                || node.kind() == LayerKind.PREPROCESSOR ? node.typeName() : node.kind().displayName();
    }

    /** The type line with the kept share, when the layer keeps less than all of it. */
    static String typeLine(LayerNode node, Map<String, Double> kept) {
        Double share = kept.get(node.name());
        return share == null || share >= 1 ? type(node) : type(node) + " · keeps " + percent(share);
    }

    /** The widest type line a node can show: reserved when the box is sized, so shares never overflow it. */
    static String widestTypeLine(LayerNode node) {
        return node.hasParams() ? type(node) + " · keeps 100 %" : type(node);
    }

    static String shape(LayerNode node) {
        return node.outputShape().toString();
    }

    static String percent(double share) {
        double p = 100 * share;
        return p > 0 && p < 1 ? String.format(Locale.ROOT, "%.1f %%", p) : String.format(Locale.ROOT, "%.0f %%", p);
    }

    /** The hover text of a node: everything the box has no room for. */
    static String tooltip(LayerNode node, Map<String, Double> kept) {
        StringBuilder sb = new StringBuilder(node.name()).append('\n').append(node.typeName());
        if (!node.description().isBlank()) {
            sb.append(" — ").append(node.description());
        }
        sb.append("\nin ").append(node.inputShape()).append(" → out ").append(node.outputShape());
        if (node.hasParams()) {
            sb.append(String.format(Locale.ROOT, "%nparams %,d · MACs %,d", node.paramCount(), node.macs()));
        }
        Double share = kept.get(node.name());
        if (share != null) {
            sb.append("\nkeeps ").append(percent(share)).append(" under the pruning choice");
        }
        return sb.toString();
    }
}
