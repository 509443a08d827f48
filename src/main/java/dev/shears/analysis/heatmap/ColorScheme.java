package dev.shears.analysis.heatmap;

/**
 * Diverging colour schemes built in CIELAB: both arms run from the same near-white (L* 97) to the
 * same dark end (L* 35) with equal chroma, so −v and +v are equally light (symmetric around 0) and
 * lightness falls monotonically with |v| — a stronger weight never looks paler.
 */
public enum ColorScheme {
    /** Blue (hue 285°) for negative, red (35°) for positive: the familiar choice. */
    BLUE_WHITE_RED(285, 35),
    /**
     * Purple (310°) for negative, orange (60°) for positive: after ColorBrewer's PuOr, which stays
     * distinguishable for protan-, deutan- and tritanopia, unlike red–blue for some viewers.
     */
    PURPLE_WHITE_ORANGE(310, 60);

    private static final double LIGHTEST = 97;
    private static final double DARKEST = 35;
    /** Largest chroma keeping both arms of both schemes inside sRGB (checked in the tests). */
    private static final double CHROMA = 50;

    private final double negativeHueDegrees;
    private final double positiveHueDegrees;

    ColorScheme(double negativeHueDegrees, double positiveHueDegrees) {
        this.negativeHueDegrees = negativeHueDegrees;
        this.positiveHueDegrees = positiveHueDegrees;
    }

    /** Opaque ARGB for a position in [−1, 1]; 0 is near-white. Values outside are clamped. */
    public int argb(double position) {
        double[] lab = lab(position);
        return Cielab.toArgb(lab[0], lab[1], lab[2]);
    }

    /** The CIELAB coordinates {L*, a*, b*} of a position in [−1, 1]. */
    double[] lab(double position) {
        double a = Math.min(1, Math.abs(position));
        double hue = Math.toRadians(position < 0 ? negativeHueDegrees : positiveHueDegrees);
        double chroma = CHROMA * a;
        return new double[] {LIGHTEST - (LIGHTEST - DARKEST) * a, chroma * Math.cos(hue), chroma * Math.sin(hue)};
    }

    /** CIELAB (D65) to sRGB; channels are clamped, which the chosen chroma never needs. */
    static final class Cielab {
        private Cielab() {
        }

        static int toArgb(double l, double a, double b) {
            double[] rgb = linearRgb(l, a, b);
            return 0xFF000000 | channel(rgb[0]) << 16 | channel(rgb[1]) << 8 | channel(rgb[2]);
        }

        /** Linear-light sRGB {r, g, b}; outside [0, 1] means out of gamut. */
        static double[] linearRgb(double l, double a, double b) {
            double fy = (l + 16) / 116;
            double x = 0.95047 * inverse(fy + a / 500);
            double y = inverse(fy);
            double z = 1.08883 * inverse(fy - b / 200);
            return new double[] {3.2404542 * x - 1.5371385 * y - 0.4985314 * z,
                    -0.9692660 * x + 1.8760108 * y + 0.0415560 * z,
                    0.0556434 * x - 0.2040259 * y + 1.0572252 * z};
        }

        private static double inverse(double t) {
            double d = 6.0 / 29;
            return t > d ? t * t * t : 3 * d * d * (t - 4.0 / 29);
        }

        private static int channel(double linear) {
            double c = Math.max(0, Math.min(1, linear));
            double srgb = c <= 0.0031308 ? 12.92 * c : 1.055 * Math.pow(c, 1 / 2.4) - 0.055;
            return (int) Math.round(srgb * 255);
        }
    }
}
