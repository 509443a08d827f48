package dev.shears.ui.graph;

import dev.shears.analysis.graph.GraphLayout;
import dev.shears.model.LayerNode;
import dev.shears.model.NetworkGraph;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The laid-out graph as a standalone SVG document: the same boxes, colours, texts and edge routes
 * as the window, at 100 % zoom, drawn from the layout's coordinates. Names are XML-escaped, so any
 * node name (ONNX names hold '/', ':', sometimes '&lt;') yields a well-formed file.
 */
final class GraphSvg {
    private GraphSvg() {
    }

    static String write(NetworkGraph graph, GraphLayout layout, Map<String, Double> kept, Set<String> coupled,
                        String selected) {
        StringBuilder svg = new StringBuilder(64 * 1024);
        svg.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(num(layout.width()))
                .append("\" height=\"").append(num(layout.height())).append("\" viewBox=\"0 0 ")
                .append(num(layout.width())).append(' ').append(num(layout.height())).append("\" font-family=\"")
                .append(escape(GraphStyle.SVG_FONT_FAMILY)).append("\">\n");
        svg.append("<defs><marker id=\"arrow\" viewBox=\"0 0 8 8\" refX=\"8\" refY=\"4\" markerWidth=\"7\" ")
                .append("markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0 L8,4 L0,8 z\" fill=\"")
                .append(GraphStyle.EDGE).append("\"/></marker></defs>\n");
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");

        svg.append("<g class=\"edges\">\n");
        for (GraphLayout.Route edge : layout.edges()) {
            svg.append("<polyline fill=\"none\" stroke=\"").append(GraphStyle.EDGE)
                    .append("\" stroke-width=\"1.2\" marker-end=\"url(#arrow)\" points=\"");
            for (int i = 0; i < edge.points().size(); i++) {
                GraphLayout.Point p = edge.points().get(i);
                svg.append(i == 0 ? "" : " ").append(num(p.x())).append(',').append(num(p.y()));
            }
            svg.append("\"/>\n");
            if (edge.label().isPresent() && edge.labelBox().isPresent()) {
                GraphLayout.Box box = edge.labelBox().get();
                svg.append("<text class=\"shape\" x=\"").append(num(box.x() + 1)).append("\" y=\"")
                        .append(num(box.y() + GraphStyle.LABEL_SIZE)).append("\" font-size=\"")
                        .append(num(GraphStyle.LABEL_SIZE)).append("\" fill=\"").append(GraphStyle.EDGE_LABEL)
                        .append("\">").append(escape(edge.label().get())).append("</text>\n");
            }
        }
        svg.append("</g>\n<g class=\"nodes\">\n");
        Map<String, LayerNode> nodes = graph.byName();
        for (GraphLayout.Box box : layout.nodes()) {
            LayerNode node = nodes.get(box.name());
            boolean isSelected = box.name().equals(selected);
            boolean isCoupled = coupled.contains(box.name());
            String fill = GraphStyle.fill(kept.get(box.name()));
            String text = GraphStyle.textOn(fill);
            String stroke = isSelected ? GraphStyle.SELECTED_BORDER : isCoupled ? GraphStyle.COUPLED_BORDER
                    : GraphStyle.BORDER;
            svg.append("<g class=\"node").append(isSelected ? " selected" : "").append(isCoupled ? " coupled" : "")
                    .append("\">\n<title>").append(escape(GraphStyle.tooltip(node, kept))).append("</title>\n");
            if (isCoupled || isSelected) {
                svg.append("<rect x=\"").append(num(box.x() - 4)).append("\" y=\"").append(num(box.y() - 4))
                        .append("\" width=\"").append(num(box.width() + 8)).append("\" height=\"")
                        .append(num(box.height() + 8)).append("\" rx=\"8\" fill=\"")
                        .append(isSelected ? GraphStyle.SELECTED_GLOW : GraphStyle.COUPLED_GLOW).append("\"/>\n");
            }
            svg.append("<rect x=\"").append(num(box.x())).append("\" y=\"").append(num(box.y()))
                    .append("\" width=\"").append(num(box.width())).append("\" height=\"").append(num(box.height()))
                    .append("\" rx=\"5\" fill=\"").append(fill).append("\" stroke=\"").append(stroke)
                    .append("\" stroke-width=\"").append(isSelected || isCoupled ? "2.5" : "1").append("\"/>\n");
            double top = box.y() + GraphStyle.PAD_Y;
            line(svg, box.centerX(), top + GraphStyle.NAME_SIZE, GraphStyle.NAME_SIZE, true, text,
                    GraphStyle.name(node));
            line(svg, box.centerX(), top + GraphStyle.NAME_LINE + GraphStyle.LINE_SIZE, GraphStyle.LINE_SIZE, false,
                    text, GraphStyle.typeLine(node, kept));
            line(svg, box.centerX(), top + GraphStyle.NAME_LINE + GraphStyle.LINE + GraphStyle.LINE_SIZE,
                    GraphStyle.LINE_SIZE, false, text, GraphStyle.shape(node));
            svg.append("</g>\n");
        }
        svg.append("</g>\n</svg>\n");
        return svg.toString();
    }

    private static void line(StringBuilder svg, double centerX, double baseline, double size, boolean bold,
                             String colour, String content) {
        svg.append("<text x=\"").append(num(centerX)).append("\" y=\"").append(num(baseline))
                .append("\" text-anchor=\"middle\" font-size=\"").append(num(size)).append('"')
                .append(bold ? " font-weight=\"bold\"" : "").append(" fill=\"").append(colour).append("\">")
                .append(escape(content)).append("</text>\n");
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** Text and attribute content: the five XML entities, and characters XML 1.0 cannot hold as '?'. */
    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&apos;");
                default -> {
                    boolean allowed = c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c <= 0xD7FF)
                            || (c >= 0xE000 && c <= 0xFFFD) || Character.isSurrogate(c);
                    sb.append(allowed ? c : '?');
                }
            }
        }
        return sb.toString();
    }
}
