package dev.shears.pruning.criteria;

import dev.shears.model.ChannelGroup;
import dev.shears.model.ParamSlice;
import dev.shears.model.SliceRole;
import dev.shears.pruning.Weights;
import java.util.function.DoubleUnaryOperator;

/**
 * Per-channel norms of the weights that compute a group's channels ({@link SliceRole#OUTPUT} weight
 * slices: conv filters, dense columns, depthwise kernels; biases and BatchNorm are left out, as in
 * Li et al. 2017). A group with several producers (a residual add) scores a channel by the
 * <em>sum</em> of its per-producer norms, so every branch that writes the channel counts.
 */
final class ProducerNorms {
    private ProducerNorms() {
    }

    /** Per channel: Σ over producer slices of finish(Σ over the slice's values of f(w)). */
    static double[] sum(ChannelGroup group, Weights weights, DoubleUnaryOperator f, DoubleUnaryOperator finish) {
        double[] scores = new double[group.channels()];
        for (ParamSlice slice : group.params()) {
            if (slice.role() == SliceRole.OUTPUT && slice.isWeight()) {
                double[] sums = weights.get(slice.layer(), slice.param()).channelSums(slice, group.channels(), f);
                for (int c = 0; c < scores.length; c++) {
                    scores[c] += finish.applyAsDouble(sums[c]);
                }
            }
        }
        return scores;
    }
}
