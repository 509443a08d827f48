package dev.shears.pruning;

/** Whether an amount applies to every layer (group) on its own or to all of them ranked together. */
public enum Scope {
    /** Each layer (channel group) loses its own share. */
    PER_LAYER,
    /** One ranking over all chosen layers: weak layers lose more, strong layers less. */
    GLOBAL
}
