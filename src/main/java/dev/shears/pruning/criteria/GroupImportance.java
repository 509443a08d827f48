package dev.shears.pruning.criteria;

import dev.shears.model.ChannelGroup;
import dev.shears.model.ParamSlice;
import dev.shears.pruning.Weights;
import dev.shears.pruning.planning.GlobalRanking;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Group importance (Fang et al. 2023, Torch-Pruning's {@code GroupNormImportance}): a channel is
 * scored by the base criterion on every member tensor of its group — each producer's filters, each
 * BatchNorm's γ, each reader's input slice ({@link MemberScores}) — and the member scores are
 * reduced per channel by their mean, sum or max. Member scores are not rescaled before the reduction
 * (as in Torch-Pruning): a wide reader counts more than a γ. For a global ranking the planner then
 * divides each group's scores by the group's mean ({@link GlobalRanking}), so group-mean and
 * group-sum rank alike there; they differ only in the raw scores.
 *
 * @param base       scores the members; must implement {@link MemberScores} by the time it scores
 * @param importance one of the group modes
 */
public record GroupImportance(Criterion base, Importance importance) implements Criterion {
    public GroupImportance {
        if (importance == Importance.PRODUCER) {
            throw new IllegalArgumentException("producer importance is the criterion itself");
        }
    }

    @Override
    public String name() {
        return base.name() + " (" + importance.jsonName() + ")";
    }

    @Override
    public double[] score(ChannelGroup group, Weights weights) {
        MemberScores members = members();
        List<double[]> scores = new ArrayList<>();
        for (ParamSlice slice : group.params()) {
            if (members.scoresMember(slice)) {
                scores.add(members.memberScores(group, slice, weights));
            }
        }
        if (scores.isEmpty()) {
            throw new IllegalArgumentException(group.name() + ": " + notApplicable(group).orElse("no members"));
        }
        return reduce(scores, group.channels(), importance);
    }

    /** Per channel: the mean, sum or max over the members' scores. */
    static double[] reduce(List<double[]> members, int channels, Importance importance) {
        double[] out = new double[channels];
        if (importance == Importance.GROUP_MAX) {
            java.util.Arrays.fill(out, Double.NEGATIVE_INFINITY);
        }
        for (double[] m : members) {
            for (int c = 0; c < channels; c++) {
                out[c] = importance == Importance.GROUP_MAX ? Math.max(out[c], m[c]) : out[c] + m[c];
            }
        }
        if (importance == Importance.GROUP_MEAN) {
            for (int c = 0; c < channels; c++) {
                out[c] /= members.size();
            }
        }
        return out;
    }

    @Override
    public Optional<String> notApplicable(ChannelGroup group) {
        MemberScores members = members();
        return group.params().stream().anyMatch(members::scoresMember) ? Optional.empty()
                : Optional.of("no tensor of this group is scored by " + base.name());
    }

    private MemberScores members() {
        if (base instanceof MemberScores m) {
            return m;
        }
        throw new IllegalStateException(base.name() + " cannot score the tensors of a group one by one");
    }
}
