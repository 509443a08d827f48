package dev.shears.pruning.criteria;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.shears.model.ChannelGroup;
import dev.shears.model.ParamSlice;
import dev.shears.model.SliceRole;
import dev.shears.pruning.ParamValues;
import dev.shears.pruning.Weights;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CriterionTest {
    /** Two channels produced by a dense layer (W [3, 2]) and a 1x2 conv (W [2, 1, 1, 2]), read by "next". */
    private static final ChannelGroup GROUP = new ChannelGroup(0, "dense", 2, List.of(
            new ParamSlice("dense", "W", 1, 0, 1, SliceRole.OUTPUT),
            new ParamSlice("dense", "b", 0, 0, 1, SliceRole.OUTPUT),
            new ParamSlice("conv", "W", 0, 0, 1, SliceRole.OUTPUT),
            new ParamSlice("bn", "gamma", 0, 0, 1, SliceRole.NORMALIZATION),
            new ParamSlice("next", "W", 0, 0, 1, SliceRole.INPUT)), List.of(), List.of());
    private static final Map<String, ParamValues> VALUES = Map.of(
            "dense/W", new ParamValues(new long[] {3, 2}, new double[] {1, -2, 3, 0, -4, 2}),
            "dense/b", new ParamValues(new long[] {2}, new double[] {100, 100}),
            "conv/W", new ParamValues(new long[] {2, 1, 1, 2}, new double[] {3, 4, 0, -1}),
            "bn/gamma", new ParamValues(new long[] {2}, new double[] {100, 100}),
            "next/W", new ParamValues(new long[] {2, 5}, new double[10]));
    private static final Weights WEIGHTS = (layer, param) -> VALUES.get(layer + "/" + param);

    @Test
    void l1SumsAbsoluteProducerWeightsIgnoringBiasesBatchNormAndReaders() {
        double[] scores = new L1Criterion().score(GROUP, WEIGHTS);

        assertThat(scores).containsExactly(new double[] {(1 + 3 + 4) + (3 + 4), (2 + 0 + 2) + (0 + 1)}, within(1e-12));
    }

    @Test
    void l2SumsTheEuclideanNormOfEachProducer() {
        double[] scores = new L2Criterion().score(GROUP, WEIGHTS);

        assertThat(scores).containsExactly(new double[] {Math.sqrt(26) + 5, Math.sqrt(8) + 1}, within(1e-12));
    }

    @Test
    void randomScoresRepeatForTheSameSeed() {
        assertThat(new RandomCriterion(7).score(GROUP, WEIGHTS)).containsExactly(new RandomCriterion(7).score(GROUP,
                WEIGHTS));
        assertThat(new RandomCriterion(7).score(GROUP, WEIGHTS)).isNotEqualTo(new RandomCriterion(8).score(GROUP,
                WEIGHTS));
    }

    @Test
    void blockedSlicesSelectChannelsFromAnOffset() {
        ParamValues flat = new ParamValues(new long[] {6, 1}, new double[] {9, 9, 1, 1, 2, -2});
        ParamSlice secondAndThird = new ParamSlice("x", "W", 0, 2, 2, SliceRole.INPUT);

        assertThat(flat.channelSums(secondAndThird, 2, Math::abs)).containsExactly(2, 4);
    }
}
