package dev.shears.pruning.criteria;

import dev.shears.pruning.ParamValues;

/** |w|: the classic magnitude criterion (Han et al. 2015). L1 and L2 of one weight rank alike. */
public final class MagnitudeElementCriterion implements ElementCriterion {
    @Override
    public String name() {
        return "magnitude";
    }

    @Override
    public double[] score(String layer, String param, ParamValues values) {
        double[] scores = new double[values.size()];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = Math.abs(values.get(i));
        }
        return scores;
    }
}
