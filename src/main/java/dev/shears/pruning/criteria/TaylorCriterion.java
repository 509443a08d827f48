package dev.shears.pruning.criteria;

import dev.shears.model.ChannelGroup;
import dev.shears.model.ChannelGroups;
import dev.shears.model.ParamSlice;
import dev.shears.model.SliceRole;
import dev.shears.pruning.ParamValues;
import dev.shears.pruning.Weights;
import dev.shears.pruning.surgery.NetworkLayers;
import dev.shears.pruning.surgery.NetworkWeights;
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
 * <p>As a group member score ({@link GroupImportance}), each weight tensor and BatchNorm γ of the
 * group is scored on its own: |Σ over the channel's slice of w·∂L/∂w|, the first-order change of the
 * loss when that slice alone is zeroed, also averaged over batches.
 *
 * <p>Scores depend on data, so they are measured once for all groups by {@link #measure} and this
 * criterion answers only for the groups it measured.
 */
public final class TaylorCriterion implements Criterion, MemberScores {
    private final Map<String, double[]> scoresByGroup;
    /** Per group: per slice of the group (null for slices that are not members), per channel. */
    private final Map<String, double[][]> memberScoresByGroup;

    private TaylorCriterion(Map<String, double[]> scoresByGroup, Map<String, double[][]> memberScoresByGroup) {
        this.scoresByGroup = Map.copyOf(scoresByGroup);
        this.memberScoresByGroup = Map.copyOf(memberScoresByGroup);
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
        Map<String, double[][]> memberSums = new HashMap<>();
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
            for (ChannelGroup g : groups.prunable()) {
                double[][] members = memberSums.computeIfAbsent(g.name(), k -> new double[g.params().size()][]);
                for (int i = 0; i < members.length; i++) {
                    ParamSlice slice = g.params().get(i);
                    if (isMember(slice)) {
                        double[] dots = weights.get(slice.layer(), slice.param())
                                .channelDots(slice, g.channels(), gradients.get(slice.layer(), slice.param()));
                        if (members[i] == null) {
                            members[i] = new double[g.channels()];
                        }
                        for (int c = 0; c < dots.length; c++) {
                            members[i][c] += Math.abs(dots[c]) / batches.size();
                        }
                    }
                }
            }
        }
        return new TaylorCriterion(sums, memberSums);
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
    public boolean scoresMember(ParamSlice slice) {
        return isMember(slice);
    }

    @Override
    public double[] memberScores(ChannelGroup group, ParamSlice slice, Weights weights) {
        double[][] members = memberScoresByGroup.get(group.name());
        int i = group.params().indexOf(slice);
        if (members == null || i < 0 || members[i] == null || members[i].length != group.channels()) {
            throw new IllegalArgumentException("taylor scores were not measured for " + slice.layer() + "/"
                    + slice.param() + " in group " + group.name());
        }
        return members[i].clone();
    }

    private static boolean isMember(ParamSlice slice) {
        return MemberScores.isWeight(slice) || MemberScores.isGamma(slice);
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
