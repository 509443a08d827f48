package dev.shears.pruning;

/** A recipe that cannot be used: the message names the field and the value, e.g. "ratio: 1.2 is outside [0, 1)". */
public final class PruningSpecException extends RuntimeException {
    public PruningSpecException(String field, String problem) {
        super(field + ": " + problem);
    }
}
