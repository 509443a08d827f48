package dev.shears.analysis.heatmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ColorMapTest {
    /** CIELAB L* of an sRGB colour. */
    private static double lightness(int argb) {
        double y = 0.2126729 * linear(argb >> 16 & 0xFF) + 0.7151522 * linear(argb >> 8 & 0xFF)
                + 0.0721750 * linear(argb & 0xFF);
        double d = 6.0 / 29;
        return 116 * (y > d * d * d ? Math.cbrt(y) : y / (3 * d * d) + 4.0 / 29) - 16;
    }

    private static double linear(int channel) {
        double c = channel / 255.0;
        return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }

    private static boolean inGamut(double[] lab) {
        for (double c : ColorScheme.Cielab.linearRgb(lab[0], lab[1], lab[2])) {
            if (c < -1e-9 || c > 1 + 1e-9) {
                return false;
            }
        }
        return true;
    }

    @ParameterizedTest
    @EnumSource(ColorScheme.class)
    void schemesStayInsideSrgbSoNothingIsClipped(ColorScheme scheme) {
        for (int i = -100; i <= 100; i++) {
            assertThat(inGamut(scheme.lab(i / 100.0))).as("position %s", i / 100.0).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(ColorScheme.class)
    void negativeAndPositiveValuesAreEquallyLightAndZeroIsNearWhite(ColorScheme scheme) {
        assertThat(lightness(scheme.argb(0))).isGreaterThan(95);
        for (int i = 1; i <= 100; i++) {
            double p = i / 100.0;
            assertThat(lightness(scheme.argb(-p))).as("position ±%s", p).isCloseTo(lightness(scheme.argb(p)), within(1.0));
            assertThat(scheme.argb(-p)).isNotEqualTo(scheme.argb(p));
        }
    }

    @ParameterizedTest
    @EnumSource(ColorScheme.class)
    void strongerValuesAreNeverLighter(ColorScheme scheme) {
        for (int sign : new int[] {-1, 1}) {
            double previous = Double.MAX_VALUE;
            for (int i = 0; i <= 200; i++) {
                double current = lightness(scheme.argb(sign * i / 200.0));
                assertThat(current).as("position %s", sign * i / 200.0).isLessThanOrEqualTo(previous + 0.3);
                previous = current;
            }
            assertThat(lightness(scheme.argb(sign))).isLessThan(lightness(scheme.argb(sign * 0.5)) - 20);
        }
    }

    @ParameterizedTest
    @EnumSource(ColorScaling.class)
    void positionsAreMonotoneAndOddAndTheLegendInvertsThem(ColorScaling scaling) {
        ColorMap map = new ColorMap(ColorScheme.BLUE_WHITE_RED, ValueMode.SIGNED, scaling, 0.2);
        double previous = -2;
        for (int i = -1000; i <= 1000; i++) {
            double v = 0.2 * i / 1000.0;
            double p = map.position(v);
            assertThat(p).isGreaterThanOrEqualTo(previous);
            assertThat(map.position(-v)).isCloseTo(-p, within(1e-12));
            assertThat(map.valueAt(p)).isCloseTo(v, within(1e-9));
            previous = p;
        }
        assertThat(map.position(5)).isEqualTo(1);
        assertThat(map.position(-5)).isEqualTo(-1);
        assertThat(map.argb(0.1f)).isNotEqualTo(map.argb(-0.1f));
    }

    @ParameterizedTest
    @EnumSource(ColorScaling.class)
    void magnitudeModeIgnoresTheSign(ColorScaling scaling) {
        ColorMap map = new ColorMap(ColorScheme.PURPLE_WHITE_ORANGE, ValueMode.MAGNITUDE, scaling, 1);
        for (int i = 0; i <= 100; i++) {
            float v = i / 100f;
            assertThat(map.argb(-v)).isEqualTo(map.argb(v));
            double onTable = Math.rint(map.position(v) * 512) / 512;
            assertThat(map.argb(v)).as("the positive arm").isEqualTo(ColorScheme.PURPLE_WHITE_ORANGE.argb(onTable));
        }
    }

    @Test
    void logScaleSeparatesSmallWeightsThatLinearShowsAlike() {
        ColorMap linear = new ColorMap(ColorScheme.BLUE_WHITE_RED, ValueMode.SIGNED, ColorScaling.LINEAR, 1);
        ColorMap log = new ColorMap(ColorScheme.BLUE_WHITE_RED, ValueMode.SIGNED, ColorScaling.LOG, 1);
        assertThat(linear.argb(0.001f)).isEqualTo(linear.argb(0.0005f));
        assertThat(log.argb(0.001f)).isNotEqualTo(log.argb(0.0005f));
    }

    @Test
    void legendSpansTheRangeWithTicksAndFlagColours() {
        ColorLegend signed = new ColorMap(ColorScheme.BLUE_WHITE_RED, ValueMode.SIGNED, ColorScaling.LINEAR, 0.4)
                .legend();
        assertThat(signed.minValue()).isEqualTo(-0.4);
        assertThat(signed.maxValue()).isEqualTo(0.4);
        assertThat(signed.ticks()).extracting(ColorLegend.Tick::value)
                .containsExactly(-0.4, -0.2, 0.0, 0.2, 0.4);
        assertThat(signed.gradient().get(0).argb()).isEqualTo(ColorScheme.BLUE_WHITE_RED.argb(-1));
        assertThat(signed.gradient().get(signed.gradient().size() - 1).argb())
                .isEqualTo(ColorScheme.BLUE_WHITE_RED.argb(1));
        assertThat(signed.prunedArgb()).isEqualTo(ColorMap.PRUNED_ARGB);

        ColorLegend magnitude = new ColorMap(ColorScheme.BLUE_WHITE_RED, ValueMode.MAGNITUDE, ColorScaling.LOG, 0.4)
                .legend();
        assertThat(magnitude.minValue()).isZero();
        assertThat(magnitude.ticks().get(0).value()).isZero();
        assertThat(magnitude.ticks().get(4).value()).isCloseTo(0.4, within(1e-12));
    }

    @Test
    void nanHasItsOwnColour() {
        ColorMap map = new ColorMap(ColorScheme.BLUE_WHITE_RED, ValueMode.SIGNED, ColorScaling.LINEAR, 1);
        assertThat(map.argb(Float.NaN)).isEqualTo(ColorMap.NAN_ARGB);
    }
}
