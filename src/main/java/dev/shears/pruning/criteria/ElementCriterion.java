package dev.shears.pruning.criteria;

import dev.shears.pruning.ParamValues;

/** Ranks single weights of one tensor for unstructured pruning: the lowest scores are zeroed. */
public interface ElementCriterion {
    /** Short name for reports and recipes, e.g. "magnitude". */
    String name();

    /** One score per value of the tensor, in the tensor's C order; higher means more important. */
    double[] score(String layer, String param, ParamValues values);
}
