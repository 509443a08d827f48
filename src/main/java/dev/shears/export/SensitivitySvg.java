package dev.shears.export;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Accuracy against pruning ratio as inline SVG: one line per group, the unpruned baseline dashed.
 * Ten colours, then the same colours dashed, so that many groups stay apart (also in grey print).
 */
final class SensitivitySvg {
    private static final String[] COLOURS = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
        "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};
    private static final int PLOT_W = 440;
    private static final int PLOT_H = 240;
    private static final int LEFT = 44;
    private static final int TOP = 12;
    private static final int BOTTOM = 36;
    private static final int LEGEND_W = 190;
    private static final int LEGEND_ROW = 14;

    private SensitivitySvg() {
    }

    static String render(SensitivityTable table) {
        Map<String, List<SensitivityTable.Row>> groups = table.byGroup();
        double xMax = Math.max(1, table.rows().stream().mapToDouble(SensitivityTable.Row::ratio).max().orElse(1));
        double lowest = Math.min(table.baseline(), table.rows().stream()
                .mapToDouble(SensitivityTable.Row::accuracy).min().orElse(0));
        Axis y = Axis.of(lowest);
        int height = Math.max(TOP + PLOT_H + BOTTOM, TOP + LEGEND_ROW * (groups.size() + 2));
        int width = LEFT + PLOT_W + 16 + LEGEND_W;
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"sensitivity\" font-family=\"sans-serif\""
                + " font-size=\"10\" width=\"").append(width).append("\" height=\"").append(height)
                .append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
                .append("\" role=\"img\"><title>Accuracy against pruning ratio, one line per group</title>");
        axes(svg, xMax, y);
        double baseY = y.at(table.baseline());
        svg.append("<line stroke=\"#000\" stroke-dasharray=\"6 3\" x1=\"").append(LEFT).append("\" y1=\"")
                .append(Html.num(baseY)).append("\" x2=\"").append(LEFT + PLOT_W).append("\" y2=\"")
                .append(Html.num(baseY)).append("\"/>");
        int legendX = LEFT + PLOT_W + 16;
        legendEntry(svg, legendX, TOP + LEGEND_ROW, "stroke=\"#000\" stroke-dasharray=\"6 3\"",
                String.format(Locale.ROOT, "baseline %.2f %%", table.baseline() * 100));
        int i = 0;
        for (Map.Entry<String, List<SensitivityTable.Row>> group : groups.entrySet()) {
            String stroke = "stroke=\"" + COLOURS[i % COLOURS.length] + "\"" + (i / COLOURS.length % 2 == 1
                    ? " stroke-dasharray=\"2 2\"" : "");
            StringBuilder points = new StringBuilder();
            for (SensitivityTable.Row row : group.getValue()) {
                points.append(Html.num(x(row.ratio(), xMax))).append(',').append(Html.num(y.at(row.accuracy())))
                        .append(' ');
            }
            svg.append("<polyline fill=\"none\" stroke-width=\"1.5\" ").append(stroke).append(" points=\"")
                    .append(points.toString().trim()).append("\"><title>").append(Html.esc(group.getKey()))
                    .append("</title></polyline>");
            for (SensitivityTable.Row row : group.getValue()) {
                svg.append("<circle r=\"2\" fill=\"").append(COLOURS[i % COLOURS.length]).append("\" cx=\"")
                        .append(Html.num(x(row.ratio(), xMax))).append("\" cy=\"")
                        .append(Html.num(y.at(row.accuracy()))).append("\"/>");
            }
            legendEntry(svg, legendX, TOP + LEGEND_ROW * (i + 2), stroke, group.getKey());
            i++;
        }
        return svg.append("</svg>").toString();
    }

    private static void axes(StringBuilder svg, double xMax, Axis y) {
        svg.append("<g stroke=\"#ccc\">");
        for (int k = 0; k <= y.ticks(); k++) {
            double gy = y.at(y.tick(k));
            svg.append("<line x1=\"").append(LEFT).append("\" y1=\"").append(Html.num(gy)).append("\" x2=\"")
                    .append(LEFT + PLOT_W).append("\" y2=\"").append(Html.num(gy)).append("\"/>");
        }
        svg.append("</g><rect fill=\"none\" stroke=\"#333\" x=\"").append(LEFT).append("\" y=\"").append(TOP)
                .append("\" width=\"").append(PLOT_W).append("\" height=\"").append(PLOT_H).append("\"/>");
        for (int k = 0; k <= y.ticks(); k++) {
            text(svg, LEFT - 4, y.at(y.tick(k)) + 3, "end", Math.round(y.tick(k) * 100) + " %");
        }
        for (int k = 0; k <= 5; k++) {
            double ratio = xMax * k / 5;
            text(svg, x(ratio, xMax), TOP + PLOT_H + 13, "middle", String.format(Locale.ROOT, "%.2f", ratio));
        }
        text(svg, LEFT + PLOT_W / 2.0, TOP + PLOT_H + 29, "middle", "pruning ratio (fraction removed)");
    }

    private static void legendEntry(StringBuilder svg, int x, int y, String stroke, String label) {
        svg.append("<line stroke-width=\"1.5\" ").append(stroke).append(" x1=\"").append(x).append("\" y1=\"")
                .append(y - 3).append("\" x2=\"").append(x + 18).append("\" y2=\"").append(y - 3).append("\"/>");
        int cut = label.length() > 28 && Character.isHighSurrogate(label.charAt(26)) ? 26 : 27;
        String shown = label.length() > 28 ? label.substring(0, cut) + "…" : label;
        text(svg, x + 22, y, "start", shown);
    }

    private static void text(StringBuilder svg, double x, double y, String anchor, String text) {
        svg.append("<text x=\"").append(Html.num(x)).append("\" y=\"").append(Html.num(y)).append("\" text-anchor=\"")
                .append(anchor).append("\">").append(Html.esc(text)).append("</text>");
    }

    private static double x(double ratio, double xMax) {
        return LEFT + PLOT_W * ratio / xMax;
    }

    /** The accuracy axis: from a multiple of 10 % (or 20 % for a wide range) below the lowest point up to 100 %. */
    private record Axis(double low, double step) {
        static Axis of(double lowest) {
            double clamped = Math.max(0, Math.min(1, lowest));
            double low10 = Math.floor(clamped * 10) / 10;
            if (1 - low10 <= 0.5) {
                return new Axis(Math.min(low10, 0.9), 0.1);
            }
            return new Axis(Math.floor(clamped * 5) / 5, 0.2);
        }

        int ticks() {
            return (int) Math.round((1 - low) / step);
        }

        double tick(int k) {
            return low + k * step;
        }

        double at(double accuracy) {
            double a = Math.max(low, Math.min(1, accuracy));
            return TOP + PLOT_H * (1 - (a - low) / (1 - low));
        }
    }
}
