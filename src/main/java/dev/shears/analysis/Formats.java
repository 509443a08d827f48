package dev.shears.analysis;

import java.util.Locale;

/** Human-readable numbers shared by the CLI tables and the UI. */
public final class Formats {
    private Formats() {
    }

    /**
     * 1234567 → "1.23 M", 43210 → "43.2 k", 4300 → "4300". A value that would round up to the next
     * unit's size takes that unit: 999999 → "1.00 M", not "1000.0 k".
     */
    public static String count(long n) {
        double a = Math.abs((double) n);
        if (a >= 999_995_000d) {
            return String.format(Locale.ROOT, "%.2f G", n / 1e9);
        }
        if (a >= 999_950d) {
            return String.format(Locale.ROOT, "%.2f M", n / 1e6);
        }
        if (a >= 10_000d) {
            return String.format(Locale.ROOT, "%.1f k", n / 1e3);
        }
        return Long.toString(n);
    }

    /** Bytes in binary units: "1.9 MiB"; from 1023.95 KiB on "1.0 MiB" (not "1024.0 KiB"), likewise for GiB. */
    public static String bytes(long n) {
        if (n >= 1_073_689_396L) {
            return String.format(Locale.ROOT, "%.2f GiB", n / (double) (1L << 30));
        }
        if (n >= 1_048_525L) {
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
