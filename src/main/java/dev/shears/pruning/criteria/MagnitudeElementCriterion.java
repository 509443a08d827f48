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
        double[] data = values.data();
        double[] scores = new double[data.length];
        for (int i = 0; i < data.length; i++) {
            scores[i] = Math.abs(data[i]);
        }
        return scores;
    }
}
