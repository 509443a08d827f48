package dev.shears.pruning.criteria;

import dev.shears.model.ChannelGroup;
import dev.shears.model.ChannelGroups;
import dev.shears.model.LayerKind;
import dev.shears.model.LayerNode;
import dev.shears.model.NetworkGraph;
import dev.shears.model.ParamSlice;
import dev.shears.model.ParamTensor;
import dev.shears.model.SliceRole;
import dev.shears.pruning.ParamValues;
import dev.shears.pruning.Weights;
import dev.shears.pruning.surgery.NetworkLayers;
import dev.shears.task.Cancellation;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Optimal Brain Damage (LeCun, Denker &amp; Solla 1990): deleting weight w_i raises the loss by about
 * ½·h_ii·w_i², h_ii the Hessian's diagonal (at a minimum the first-order term vanishes; OBD ignores
 * the off-diagonal terms). The Hessian diagonal is approximated by the empirical Fisher, the mean over
 * examples of the squared gradient of each example's loss: F_i = (1/N)·Σ_n (∂ℓ_n/∂w_i)².
 * <ul>
 * <li>Single weights (unstructured) score ½·F_i·w_i².</li>
 * <li>A channel (structured) scores the sum of ½·F·w² over every tensor of its group — producers'
 * filters and biases, BatchNorm γ and β, readers' input slices; not the running statistics — which is
 * OBD's estimate for deleting all of them at once.</li>
 * </ul>
 * DL4J computes gradients in training mode, where a BatchNorm normalises with the statistics of the
 * batch it is given. So in a network without BatchNorm the examples go one at a time (the exact
 * empirical Fisher); with BatchNorm {@value #BATCH_NORM_MICRO_BATCH} at a time — one example's own
 * statistics would make it a different network — and F_i = (1/N)·Σ_b (Σ_{n∈b} ∂ℓ_n/∂w_i)², which has the
 * same expectation when the mean gradient is about zero (a trained model), from fewer samples.
 *
 * <p>Like {@link TaylorCriterion} it is measured once ({@link #measure}) and then scores the weights it
 * is given with the Fisher it measured.
 */
public final class ObdCriterion implements Criterion, ElementCriterion, MemberScores {
    static final int BATCH_NORM_MICRO_BATCH = 16;

    /** "layer/param" → F per value, in the tensor's C order. */
    private final Map<String, double[]> fisher;
    private final int examples;
    private final int microBatch;

    private ObdCriterion(Map<String, double[]> fisher, int examples, int microBatch) {
        this.fisher = Map.copyOf(fisher);
        this.examples = examples;
        this.microBatch = microBatch;
    }

    /**
     * Measures the Fisher of every tensor a channel group touches (but running statistics) and of every
     * weight tensor, on a copy of the network (the original keeps its state).
     */
    public static ObdCriterion measure(Model network, NetworkGraph graph, ChannelGroups groups, List<DataSet> batches,
                                       Cancellation cancellation) {
        boolean batchNorm = graph.nodes().stream().anyMatch(n -> n.kind() == LayerKind.BATCH_NORMALIZATION);
        return measure(network, tensors(graph, groups), batches, batchNorm ? BATCH_NORM_MICRO_BATCH : 1,
                cancellation);
    }

    /** @param tensors "layer/param" keys to measure; @param microBatch examples per gradient */
    static ObdCriterion measure(Model network, Set<String> tensors, List<DataSet> batches, int microBatch,
                                Cancellation cancellation) {
        if (batches.isEmpty()) {
            throw new IllegalArgumentException("obd needs at least one batch of labelled examples");
        }
        Model copy = NetworkLayers.copy(network);
        Map<String, double[]> sums = new HashMap<>();
        int examples = 0;
        for (DataSet batch : batches) {
            for (DataSet micro : microBatch >= batch.numExamples() ? List.of(batch) : batch.batchBy(microBatch)) {
                cancellation.throwIfCancelled();
                Weights gradients = NetworkLayers.gradients(copy, micro);
                for (String key : tensors) {
                    int slash = key.lastIndexOf('/');
                    ParamValues g = gradients.get(key.substring(0, slash), key.substring(slash + 1));
                    double[] sum = sums.computeIfAbsent(key, k -> new double[g.size()]);
                    for (int i = 0; i < sum.length; i++) {
                        sum[i] += g.get(i) * g.get(i);
                    }
                }
                examples += micro.numExamples();
            }
        }
        for (double[] sum : sums.values()) {
            for (int i = 0; i < sum.length; i++) {
                sum[i] /= examples;
            }
        }
        return new ObdCriterion(sums, examples, microBatch);
    }

    private static Set<String> tensors(NetworkGraph graph, ChannelGroups groups) {
        Set<String> keys = new LinkedHashSet<>();
        for (ChannelGroup g : groups.prunable()) {
            for (ParamSlice s : g.params()) {
                if (s.role() != SliceRole.STATISTIC) {
                    keys.add(s.layer() + "/" + s.param());
                }
            }
        }
        for (LayerNode node : graph.nodes()) {
            for (ParamTensor p : node.params()) {
                if (p.isWeight()) {
                    keys.add(node.name() + "/" + p.key());
                }
            }
        }
        return keys;
    }

    @Override
    public String name() {
        return "obd";
    }

    /** Examples the Fisher was measured on. */
    public int examples() {
        return examples;
    }

    /** Examples per gradient: 1, or {@value #BATCH_NORM_MICRO_BATCH} in a network with BatchNorm. */
    public int microBatch() {
        return microBatch;
    }

    /** The measured Fisher of one tensor (a copy), in C order. */
    public double[] fisher(String layer, String param) {
        return fisherOf(layer, param).clone();
    }

    /** ½·F·w² per weight, in the tensor's C order. */
    @Override
    public double[] score(String layer, String param, ParamValues values) {
        double[] f = fisherOf(layer, param);
        if (f.length != values.size()) {
            throw new IllegalArgumentException("obd measured " + f.length + " values for " + layer + "/" + param
                    + ", the tensor has " + values.size());
        }
        double[] saliency = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            double w = values.get(i);
            saliency[i] = 0.5 * f[i] * w * w;
        }
        return saliency;
    }

    /** Per channel: the summed saliency of every tensor of the group (not running statistics). */
    @Override
    public double[] score(ChannelGroup group, Weights weights) {
        double[] scores = new double[group.channels()];
        for (ParamSlice slice : group.params()) {
            if (scoresMember(slice)) {
                double[] member = memberScores(group, slice, weights);
                for (int c = 0; c < scores.length; c++) {
                    scores[c] += member[c];
                }
            }
        }
        return scores;
    }

    @Override
    public boolean scoresMember(ParamSlice slice) {
        return slice.role() != SliceRole.STATISTIC;
    }

    @Override
    public double[] memberScores(ChannelGroup group, ParamSlice slice, Weights weights) {
        ParamValues values = weights.get(slice.layer(), slice.param());
        return values.channelSumsOf(score(slice.layer(), slice.param(), values), slice, group.channels());
    }

    private double[] fisherOf(String layer, String param) {
        double[] f = fisher.get(layer + "/" + param);
        if (f == null) {
            throw new IllegalArgumentException("obd scores were not measured for " + layer + "/" + param);
        }
        return f;
    }
}
