package dev.shears.ui.lessons;

/** A lesson file that cannot be used, with the sentence that says where and why. */
public final class LessonFormatException extends Exception {
    public LessonFormatException(String sentence) {
        super(sentence);
    }
}
