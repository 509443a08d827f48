package dev.shears.pruning.criteria;

import dev.shears.pruning.ParamValues;
import java.util.Random;

/** Uniform random scores in [0, 1), reproducible per seed and tensor: the unstructured baseline. */
public final class RandomElementCriterion implements ElementCriterion {
    private final long seed;

    public RandomElementCriterion(long seed) {
        this.seed = seed;
    }

    @Override
    public String name() {
        return "random";
    }

    @Override
    public double[] score(String layer, String param, ParamValues values) {
        Random random = new Random(seed * 1_000_003L + (layer + "/" + param).hashCode());
        double[] scores = new double[values.size()];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = random.nextDouble();
        }
        return scores;
    }
}
