package dev.shears.export;

import dev.shears.analysis.Histogram;
import java.util.Locale;

/** A before/after weight histogram as inline SVG: both on the same bins, "after" drawn over "before". */
final class HistogramSvg {
    private static final int WIDTH = 320;
    private static final int HEIGHT = 130;
    private static final int LEFT = 8;
    private static final int RIGHT = 8;
    private static final int TOP = 14;
    private static final int BOTTOM = 18;
    /** Presentation attributes rather than CSS, so that a copied SVG keeps its colours. */
    private static final String BEFORE_STYLE = "fill=\"#c8c8c8\" stroke=\"#6e6e6e\" stroke-width=\"0.5\"";
    private static final String AFTER_STYLE = "fill=\"#1f5fbf\" fill-opacity=\"0.6\"";

    private HistogramSvg() {
    }

    static String render(LayerHistogram h) {
        Histogram before = h.before();
        Histogram after = h.after();
        long max = Math.max(1, Math.max(before.maxCount(), after.maxCount()));
        double plotW = WIDTH - LEFT - RIGHT;
        double plotH = HEIGHT - TOP - BOTTOM;
        double barW = plotW / before.bins();
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"hist\" font-family=\"sans-serif\""
                + " font-size=\"9\" width=\"").append(WIDTH)
                .append("\" height=\"").append(HEIGHT).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ')
                .append(HEIGHT).append("\" role=\"img\"><title>").append(Html.esc(h.layer() + " " + h.tensor()))
                .append(": weights before (grey) and after (blue)</title>");
        bars(svg, before, BEFORE_STYLE, max, barW, plotH);
        bars(svg, after, AFTER_STYLE, max, barW, plotH);
        double axisY = TOP + plotH;
        svg.append("<line stroke=\"#333\" x1=\"").append(LEFT).append("\" y1=\"").append(Html.num(axisY))
                .append("\" x2=\"").append(WIDTH - RIGHT).append("\" y2=\"").append(Html.num(axisY)).append("\"/>");
        label(svg, LEFT, HEIGHT - 4, "start", String.format(Locale.ROOT, "%.3g", before.low()));
        label(svg, LEFT + plotW / 2, HEIGHT - 4, "middle", "0");
        label(svg, WIDTH - RIGHT, HEIGHT - 4, "end", String.format(Locale.ROOT, "%.3g", before.high()));
        label(svg, LEFT, TOP - 3, "start", "max " + max + " per bin");
        return svg.append("</svg>").toString();
    }

    private static void bars(StringBuilder svg, Histogram h, String style, long max, double barW, double plotH) {
        svg.append("<g ").append(style).append('>');
        long[] counts = h.counts();
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] == 0) {
                continue;
            }
            double barH = Math.max(0.5, plotH * counts[i] / max);
            svg.append("<rect x=\"").append(Html.num(LEFT + i * barW)).append("\" y=\"")
                    .append(Html.num(TOP + plotH - barH)).append("\" width=\"").append(Html.num(barW))
                    .append("\" height=\"").append(Html.num(barH)).append("\"/>");
        }
        svg.append("</g>");
    }

    private static void label(StringBuilder svg, double x, double y, String anchor, String text) {
        svg.append("<text x=\"").append(Html.num(x)).append("\" y=\"").append(Html.num(y))
                .append("\" text-anchor=\"").append(anchor).append("\">").append(Html.esc(text)).append("</text>");
    }
}
