package dev.shears.fuzz;

import java.util.List;
import java.util.regex.Pattern;

/**
 * What a message a user reads must be: words, on one line, with nothing from inside the program —
 * no exception or error class, no package name, no stack frame, no {@code null}, and none of the JDK's,
 * DL4J's or ND4J's internal phrases that leaked through before (the fuzz corpus found each of these).
 */
public final class ReadableSentence {
    private static final Pattern CLASS_NAME = Pattern.compile("\\b[A-Za-z]*(Exception|Error)\\b");
    private static final Pattern PACKAGE = Pattern.compile("\\b(java|javax|org|com|sun|jdk|ai|dev)\\.[a-z]");
    private static final Pattern NULL = Pattern.compile("\\bnull\\b");
    private static final List<String> INTERNAL_PHRASES = List.of("\tat ", "Cannot invoke", "because \"",
            "out of bounds for length", "No enum constant", "std::", "bad_alloc", "Input length =", "Allocation failed",
            "is marked non-null", "Unexpected end-of-input", "Source: (", "[Source:", "through reference chain",
            "at [Source", "Unrecognized token", "NativeOps", "Pointer address");

    private ReadableSentence() {
    }

    /** Why {@code message} is not a sentence a user can read, or null when it is. */
    public static String problem(String message) {
        if (message == null || message.isBlank()) {
            return "no message";
        }
        if (message.contains("\n")) {
            return "more than one line";
        }
        if (message.trim().split("\\s+").length < 3) {
            return "fewer than three words";
        }
        if (CLASS_NAME.matcher(message).find()) {
            return "names an exception or error class";
        }
        if (PACKAGE.matcher(message).find()) {
            return "names a Java package";
        }
        if (NULL.matcher(message).find()) {
            return "says null";
        }
        for (String phrase : INTERNAL_PHRASES) {
            if (message.contains(phrase)) {
                return "passes an internal message through (" + phrase.trim() + ")";
            }
        }
        return null;
    }

    public static void assertReadable(String message) {
        String problem = problem(message);
        if (problem != null) {
            throw new AssertionError("not a sentence a user can read (" + problem + "): " + message);
        }
    }
}
