package dev.shears.ui.shell;

/** Something the user must be told in a dialog: a title line and a plain-language explanation. */
public record UserMessage(String title, String text) {
}
