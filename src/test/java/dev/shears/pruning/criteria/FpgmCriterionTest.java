package dev.shears.pruning.criteria;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.shears.model.ChannelGroup;
import dev.shears.model.ParamSlice;
import dev.shears.model.SliceRole;
import dev.shears.pruning.ParamValues;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FpgmCriterionTest {
    private static final ParamSlice DENSE_COLUMNS = new ParamSlice("dense", "W", 1, 0, 1, SliceRole.OUTPUT);

    private static double[] score(ChannelGroup group, Map<String, ParamValues> values) {
        return new FpgmCriterion().score(group, (layer, param) -> values.get(layer + "/" + param));
    }

    @Test
    void sumsDistancesToTheOtherFiltersSoTheMiddleFilterScoresLowest() {
        // dense W [2, 3]: channel filters are the columns (0, 0), (3, 4), (6, 8)
        ChannelGroup group = new ChannelGroup(0, "dense", 3, List.of(DENSE_COLUMNS,
                new ParamSlice("dense", "b", 0, 0, 1, SliceRole.OUTPUT)), List.of(), List.of());
        Map<String, ParamValues> values = Map.of(
                "dense/W", new ParamValues(new long[] {2, 3}, new double[] {0, 3, 6, 0, 4, 8}),
                "dense/b", new ParamValues(new long[] {3}, new double[] {1000, 0, 0}));

        assertThat(score(group, values)).containsExactly(new double[] {5 + 10, 5 + 5, 10 + 5}, within(1e-9));
    }

    @Test
    void concatenatesTheFiltersOfEveryProducer() {
        // a residual group: the dense columns plus a 1x1 conv's filters (0, 0, 12)
        ChannelGroup group = new ChannelGroup(0, "dense", 3, List.of(DENSE_COLUMNS,
                new ParamSlice("conv", "W", 0, 0, 1, SliceRole.OUTPUT),
                new ParamSlice("next", "W", 0, 0, 1, SliceRole.INPUT)), List.of(), List.of());
        Map<String, ParamValues> values = Map.of(
                "dense/W", new ParamValues(new long[] {2, 3}, new double[] {0, 3, 6, 0, 4, 8}),
                "conv/W", new ParamValues(new long[] {3, 1, 1, 1}, new double[] {0, 0, 12}),
                "next/W", new ParamValues(new long[] {3, 1}, new double[] {500, 500, 500}));
        double d02 = Math.sqrt(6 * 6 + 8 * 8 + 12 * 12);

        assertThat(score(group, values)).containsExactly(new double[] {5 + d02, 5 + 13, d02 + 13}, within(1e-9));
    }

    @Test
    void identicalFiltersAreEquallyRedundant() {
        ChannelGroup group = new ChannelGroup(0, "dense", 3, List.of(DENSE_COLUMNS), List.of(), List.of());
        Map<String, ParamValues> values = Map.of(
                "dense/W", new ParamValues(new long[] {2, 3}, new double[] {1, 1, 4, 2, 2, 6}));

        double[] scores = score(group, values);

        assertThat(scores[0]).isCloseTo(scores[1], within(1e-9)).isCloseTo(5, within(1e-9));
        assertThat(scores[2]).isCloseTo(10, within(1e-9));
    }
}
