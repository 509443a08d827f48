package dev.shears.pruning;

/** Read access to a network's parameter values, by layer name and DL4J parameter key. */
@FunctionalInterface
public interface Weights {
    ParamValues get(String layer, String param);
}
