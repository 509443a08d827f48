package dev.shears.pruning;

import dev.shears.model.ChannelGroup;
import dev.shears.model.ChannelGroups;
import dev.shears.model.ParamSlice;
import dev.shears.model.SliceRole;
import dev.shears.task.Cancellation;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.dataset.DataSet;

/**
 * First-order Taylor (Molchanov et al. 2017/2019): removing channel c changes the loss by about
 * |Σ a_c·∂L/∂a_c| — activation times gradient over examples and positions, averaged over batches.
 * DL4J M2.1 exposes parameter gradients, not gradients of hidden activations, so the sum is taken
 * through the readers' weights: for a conv or dense layer reading a_c,
 * Σ W[·,c,·]·∂L/∂W[·,c,·] = Σ a_c·∂L/∂a_c exactly (the layer is linear in W). With several readers
 * (a residual group) their terms add up, as the channel's gradient does. The absolute value is taken
 * per batch, then averaged over batches. DL4J's gradients are of the batch's summed loss (it divides
 * by the batch size only in the updater), so scores grow with the batch size; rankings do not.
 *
 * <p>Scores depend on data, so they are measured once for all groups by {@link #measure} and this
 * criterion answers only for the groups it measured.
 */
public final class TaylorCriterion implements Criterion {
    private final Map<String, double[]> scoresByGroup;

    private TaylorCriterion(Map<String, double[]> scoresByGroup) {
        this.scoresByGroup = Map.copyOf(scoresByGroup);
    }

    /** Runs forward and backward on a copy of the network (the original keeps its state) for every batch. */
    public static TaylorCriterion measure(Model network, ChannelGroups groups, List<DataSet> batches,
                                          Cancellation cancellation) {
        if (batches.isEmpty()) {
            throw new IllegalArgumentException("taylor needs at least one batch of labelled examples");
        }
        Model copy = NetworkLayers.copy(network);
        Weights weights = cached(new NetworkWeights(network));
        List<ChannelGroup> scored = groups.prunable().stream().filter(g -> readers(g).findAny().isPresent()).toList();
        Map<String, double[]> sums = new HashMap<>();
        scored.forEach(g -> sums.put(g.name(), new double[g.channels()]));
        for (DataSet batch : batches) {
            cancellation.throwIfCancelled();
            Weights gradients = cached(NetworkLayers.gradients(copy, batch));
            for (ChannelGroup g : scored) {
                double[] batchScores = batchScores(g, weights, gradients);
                double[] total = sums.get(g.name());
                for (int c = 0; c < total.length; c++) {
                    total[c] += batchScores[c] / batches.size();
                }
            }
        }
        return new TaylorCriterion(sums);
    }

    /** |Σ over the group's reader slices of w·∂L/∂w| per channel, for one batch's gradients. */
    static double[] batchScores(ChannelGroup group, Weights weights, Weights gradients) {
        double[] scores = new double[group.channels()];
        readers(group).forEach(slice -> {
            double[] dots = weights.get(slice.layer(), slice.param())
                    .channelDots(slice, group.channels(), gradients.get(slice.layer(), slice.param()));
            for (int c = 0; c < scores.length; c++) {
                scores[c] += dots[c];
            }
        });
        for (int c = 0; c < scores.length; c++) {
            scores[c] = Math.abs(scores[c]);
        }
        return scores;
    }

    @Override
    public String name() {
        return "taylor";
    }

    @Override
    public double[] score(ChannelGroup group, Weights weights) {
        double[] scores = scoresByGroup.get(group.name());
        if (scores == null || scores.length != group.channels()) {
            throw new IllegalArgumentException("taylor scores were not measured for group " + group.name());
        }
        return scores.clone();
    }

    @Override
    public Optional<String> notApplicable(ChannelGroup group) {
        return readers(group).findAny().isPresent() ? Optional.empty()
                : Optional.of("no layer reads these channels through weights (taylor needs one)");
    }

    private static Stream<ParamSlice> readers(ChannelGroup group) {
        return group.params().stream().filter(s -> s.role() == SliceRole.INPUT && s.isWeight());
    }

    /** A reader tensor feeds several groups (a concat's reader): read it once per batch. */
    private static Weights cached(Weights weights) {
        Map<String, ParamValues> cache = new HashMap<>();
        return (layer, param) -> cache.computeIfAbsent(layer + "/" + param, k -> weights.get(layer, param));
    }
}
