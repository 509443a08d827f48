package dev.shears.pruning.criteria;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.shears.model.ChannelGroup;
import dev.shears.model.ParamSlice;
import dev.shears.model.SliceRole;
import dev.shears.pruning.ParamValues;
import dev.shears.pruning.Weights;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BatchNormGammaCriterionTest {
    /** Two channels scaled by bn (gamma [2]) and by bn2 at offset 2 of a concatenation (gamma [1, 4]). */
    private static final ChannelGroup GROUP = new ChannelGroup(0, "conv", 2, List.of(
            new ParamSlice("conv", "W", 0, 0, 1, SliceRole.OUTPUT),
            new ParamSlice("bn", "gamma", 0, 0, 1, SliceRole.NORMALIZATION),
            new ParamSlice("bn", "beta", 0, 0, 1, SliceRole.NORMALIZATION),
            new ParamSlice("bn2", "gamma", 1, 2, 1, SliceRole.NORMALIZATION),
            new ParamSlice("bn2", "mean", 1, 2, 1, SliceRole.STATISTIC)), List.of(), List.of());
    private static final ChannelGroup WITHOUT_BATCH_NORM = new ChannelGroup(1, "dense", 2, List.of(
            new ParamSlice("dense", "W", 1, 0, 1, SliceRole.OUTPUT)), List.of(), List.of());
    private static final Map<String, ParamValues> VALUES = Map.of(
            "conv/W", new ParamValues(new long[] {2, 1, 1, 1}, new double[] {100, 100}),
            "bn/gamma", new ParamValues(new long[] {2}, new double[] {-3, 0.5}),
            "bn/beta", new ParamValues(new long[] {2}, new double[] {50, 50}),
            "bn2/gamma", new ParamValues(new long[] {1, 4}, new double[] {9, 9, 1, -2}),
            "bn2/mean", new ParamValues(new long[] {1, 4}, new double[] {70, 70, 70, 70}));
    private static final Weights WEIGHTS = (layer, param) -> VALUES.get(layer + "/" + param);

    @Test
    void sumsAbsoluteGammaOfEveryBatchNormScalingTheChannel() {
        double[] scores = new BatchNormGammaCriterion().score(GROUP, WEIGHTS);

        assertThat(scores).containsExactly(new double[] {3 + 1, 0.5 + 2}, within(1e-12));
    }

    @Test
    void groupWithoutBatchNormIsNotApplicable() {
        BatchNormGammaCriterion criterion = new BatchNormGammaCriterion();

        assertThat(criterion.notApplicable(GROUP)).isEmpty();
        assertThat(criterion.notApplicable(WITHOUT_BATCH_NORM)).get().asString().contains("no BatchNorm");
        assertThatThrownBy(() -> criterion.score(WITHOUT_BATCH_NORM, WEIGHTS)).hasMessageContaining("dense");
    }
}
