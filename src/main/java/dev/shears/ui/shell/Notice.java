package dev.shears.ui.shell;

/**
 * Background work that ended, told in a notification the user may read later: what ended (the title,
 * "Sensitivity scan finished") and its result or, when it failed, the sentence saying why.
 */
public record Notice(String title, String text, boolean failed) {

    public static Notice finished(String title, String text) {
        return new Notice(title, text, false);
    }

    public static Notice failed(String title, String sentence) {
        return new Notice(title, sentence, true);
    }
}
