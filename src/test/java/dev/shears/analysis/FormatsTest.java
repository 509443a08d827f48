package dev.shears.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The exact strings shown in the CLI tables and the UI. */
class FormatsTest {

    @Test
    void countKeepsFourDigitsExactAndAbbreviatesLarger() {
        assertThat(Formats.count(0)).isEqualTo("0");
        assertThat(Formats.count(950)).isEqualTo("950");
        assertThat(Formats.count(9_999)).isEqualTo("9999");
        assertThat(Formats.count(10_000)).isEqualTo("10.0 k");
        assertThat(Formats.count(43_210)).isEqualTo("43.2 k");
        assertThat(Formats.count(1_234_567)).isEqualTo("1.23 M");
        assertThat(Formats.count(2_500_000_000L)).isEqualTo("2.50 G");
        assertThat(Formats.count(-1_234_567)).isEqualTo("-1.23 M");
    }

    @Test
    void countNeverShowsAThousandOfAUnit() {
        assertThat(Formats.count(999_949)).isEqualTo("999.9 k");
        assertThat(Formats.count(999_999)).isEqualTo("1.00 M");
        assertThat(Formats.count(999_999_999)).isEqualTo("1.00 G");
    }

    @Test
    void bytesUseBinaryUnits() {
        assertThat(Formats.bytes(0)).isEqualTo("0 B");
        assertThat(Formats.bytes(1_023)).isEqualTo("1023 B");
        assertThat(Formats.bytes(1_024)).isEqualTo("1.0 KiB");
        assertThat(Formats.bytes(2_000_000)).isEqualTo("1.9 MiB");
        assertThat(Formats.bytes(3L << 30)).isEqualTo("3.00 GiB");
    }

    @Test
    void bytesNeverShow1024OfAUnit() {
        assertThat(Formats.bytes((1L << 20) - 1)).isEqualTo("1.0 MiB");
        assertThat(Formats.bytes((1L << 30) - 1)).isEqualTo("1.00 GiB");
        assertThat(Formats.bytes(1_048_524)).isEqualTo("1023.9 KiB");
    }

    @Test
    void percentHasOneDecimal() {
        assertThat(Formats.percent(0.1234)).isEqualTo("12.3 %");
        assertThat(Formats.percent(0)).isEqualTo("0.0 %");
        assertThat(Formats.percent(1)).isEqualTo("100.0 %");
    }

    @Test
    void exactGroupsDigitsWithCommas() {
        assertThat(Formats.exact(1_234_567)).isEqualTo("1,234,567");
        assertThat(Formats.exact(999)).isEqualTo("999");
        assertThat(Formats.exact(-2_293_000)).isEqualTo("-2,293,000");
    }

    @Test
    void outputDoesNotDependOnTheDefaultLocale() {
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            assertThat(Formats.exact(1_234_567)).isEqualTo("1,234,567");
            assertThat(Formats.count(1_234_567)).isEqualTo("1.23 M");
            assertThat(Formats.bytes(2_000_000)).isEqualTo("1.9 MiB");
            assertThat(Formats.percent(0.1234)).isEqualTo("12.3 %");
        } finally {
            Locale.setDefault(saved);
        }
    }
}
