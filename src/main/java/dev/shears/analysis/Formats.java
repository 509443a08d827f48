package dev.shears.analysis;

import java.util.Locale;

/** Human-readable numbers shared by the CLI tables and the UI. */
public final class Formats {
    private Formats() {
    }

    /** 1234567 → "1.23 M", 4300 → "4.30 k", 950 → "950". */
    public static String count(long n) {
        if (Math.abs(n) >= 1_000_000_000L) {
            return String.format(Locale.ROOT, "%.2f G", n / 1e9);
        }
        if (Math.abs(n) >= 1_000_000L) {
            return String.format(Locale.ROOT, "%.2f M", n / 1e6);
        }
        if (Math.abs(n) >= 10_000L) {
            return String.format(Locale.ROOT, "%.1f k", n / 1e3);
        }
        return Long.toString(n);
    }

    /** Bytes in binary units: "1.9 MiB". */
    public static String bytes(long n) {
        if (n >= 1L << 30) {
            return String.format(Locale.ROOT, "%.2f GiB", n / (double) (1L << 30));
        }
        if (n >= 1L << 20) {
            return String.format(Locale.ROOT, "%.1f MiB", n / (double) (1L << 20));
        }
        if (n >= 1L << 10) {
            return String.format(Locale.ROOT, "%.1f KiB", n / (double) (1L << 10));
        }
        return n + " B";
    }

    /** A fraction as a percentage: 0.1234 → "12.3 %". */
    public static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.1f %%", fraction * 100);
    }

    /** Grouped digits: 1234567 → "1,234,567". */
    public static String exact(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
