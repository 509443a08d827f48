package dev.shears.export;

import java.util.Locale;

/** Text and numbers for the report's markup, which is also well-formed XML (so SVG and printing behave). */
final class Html {
    private Html() {
    }

    /** Escapes markup characters; control characters XML cannot carry become U+FFFD. */
    static String esc(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c < 0x20 && c != '\n' && c != '\t' && c != '\r' || c == 0xFFFE || c == 0xFFFF
                        ? '\uFFFD' : c);
            }
        }
        return sb.toString();
    }

    /** A coordinate for SVG: fixed point, dot decimal separator whatever the locale. */
    static String num(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
