package dev.shears.pruning.criteria;

import dev.shears.model.ChannelGroup;
import dev.shears.pruning.Weights;
import java.util.Random;

/** Uniform random scores, reproducible per seed and group: the baseline every criterion should beat. */
public final class RandomCriterion implements Criterion {
    private final long seed;

    public RandomCriterion(long seed) {
        this.seed = seed;
    }

    @Override
    public String name() {
        return "random";
    }

    @Override
    public double[] score(ChannelGroup group, Weights weights) {
        Random random = new Random(seed * 1_000_003L + group.id());
        double[] scores = new double[group.channels()];
        for (int c = 0; c < scores.length; c++) {
            scores[c] = random.nextDouble();
        }
        return scores;
    }
}
