package dev.shears.data;

/**
 * Data that cannot be used, told in one sentence a user can act on: which file and what is wrong
 * with it (a shape the model can't take, an empty class folder, a non-numeric CSV cell and its line,
 * a label out of range). The message is shown as is; the cause, if any, goes to the log.
 */
public class DataException extends java.io.IOException {
    public DataException(String sentence) {
        super(sentence);
    }

    public DataException(String sentence, Throwable cause) {
        super(sentence, cause);
    }
}
