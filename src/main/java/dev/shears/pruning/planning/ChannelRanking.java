package dev.shears.pruning.planning;

import dev.shears.model.ChannelGroup;
import dev.shears.model.ChannelGroups;
import dev.shears.pruning.Amount;
import dev.shears.pruning.Scope;
import dev.shears.pruning.Weights;
import dev.shears.pruning.criteria.Criterion;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * One criterion's channel scores, sorted once, so that how many channels each group loses under
 * any {@link StructuredSettings} that uses this criterion is a walk over sorted arrays instead of a
 * new plan. Follows {@link Planner}'s rules exactly (tests hold the counts equal).
 */
final class ChannelRanking {
    private final Criterion criterion;
    private final ChannelGroups groups;
    /** Per group id: ascending raw scores, or null when the group is not rankable by this criterion. */
    private final double[][] sortedScores;
    /** Every rankable channel, by normalised score, then group, then channel (as GlobalRanking). */
    private final int[] poolGroup;
    private final double[] poolScore;

    ChannelRanking(ChannelGroups groups, Weights weights, Criterion criterion) {
        this.criterion = criterion;
        this.groups = groups;
        this.sortedScores = new double[groups.groups().size()][];
        record Channel(int group, int channel, double score) {
        }
        List<Channel> pool = new ArrayList<>();
        for (ChannelGroup g : groups.groups()) {
            if (!g.prunable() || criterion.notApplicable(g).isPresent()) {
                continue;
            }
            double[] scores = criterion.score(g, weights);
            double[] normalised = GlobalRanking.normalised(scores);
            for (int c = 0; c < normalised.length; c++) {
                pool.add(new Channel(g.id(), c, normalised[c]));
            }
            double[] sorted = scores.clone();
            Arrays.sort(sorted);
            sortedScores[g.id()] = sorted;
        }
        pool.sort(Comparator.comparingDouble(Channel::score).thenComparingInt(Channel::group)
                .thenComparingInt(Channel::channel));
        poolGroup = pool.stream().mapToInt(Channel::group).toArray();
        poolScore = pool.stream().mapToDouble(Channel::score).toArray();
    }

    Criterion criterion() {
        return criterion;
    }

    /**
     * Channels removed per group id, or empty when the settings use another criterion somewhere (the
     * caller then plans for real).
     */
    Optional<int[]> removedPerGroup(StructuredSettings settings) {
        if (!settings.defaults().criterion().equals(criterion)
                || settings.groupRules().values().stream().anyMatch(r -> !r.criterion().equals(criterion))) {
            return Optional.empty();
        }
        List<ChannelGroup> all = groups.groups();
        int[] removed = new int[all.size()];
        boolean[] pooled = new boolean[all.size()];
        long pooledChannels = 0;
        for (ChannelGroup g : all) {
            if (sortedScores[g.id()] == null || settings.ignored().contains(g.name())) {
                continue;
            }
            GroupRule own = settings.groupRules().get(g.name());
            if (own == null && settings.scope() == Scope.GLOBAL) {
                pooled[g.id()] = true;
                pooledChannels += g.channels();
            } else {
                GroupRule rule = own != null ? own : settings.defaults();
                removed[g.id()] = g.channels() - keptCount(sortedScores[g.id()], rule);
            }
        }
        if (pooledChannels > 0) {
            GroupRule defaults = settings.defaults();
            int[] raw = removedFromPool(pooled, pooledChannels, settings);
            for (ChannelGroup g : all) {
                if (pooled[g.id()]) {
                    int n = g.channels();
                    removed[g.id()] = n - rounded(n - raw[g.id()], n, defaults.minKeep(), defaults.roundTo());
                }
            }
        }
        return Optional.of(removed);
    }

    private int[] removedFromPool(boolean[] pooled, long pooledChannels, StructuredSettings settings) {
        GroupRule defaults = settings.defaults();
        int[] removed = new int[pooled.length];
        long target = defaults.amount() instanceof Amount.Ratio ratio
                ? Planner.removedCount(pooledChannels, ratio.value()) : Long.MAX_VALUE;
        double below = defaults.amount() instanceof Amount.Threshold threshold ? threshold.value()
                : Double.POSITIVE_INFINITY;
        long done = 0;
        for (int i = 0; i < poolGroup.length && done < target; i++) {
            int g = poolGroup[i];
            if (!pooled[g]) {
                continue;
            }
            if (poolScore[i] >= below) {
                break;
            }
            int channels = groups.groups().get(g).channels();
            if (removed[g] < channels - settings.pooledFloor(channels)) {
                removed[g]++;
                done++;
            }
        }
        return removed;
    }

    private static int keptCount(double[] sortedScores, GroupRule rule) {
        int n = sortedScores.length;
        if (rule.amount() instanceof Amount.Ratio ratio) {
            return Planner.keptCount(n, ratio.value(), rule.minKeep(), rule.roundTo());
        }
        double threshold = ((Amount.Threshold) rule.amount()).value();
        int below = lowerBound(sortedScores, threshold);
        return rounded(n - below, n, rule.minKeep(), rule.roundTo());
    }

    /** How many sorted values are strictly below {@code value}. */
    private static int lowerBound(double[] sorted, double value) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < value) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static int rounded(int keep, int channels, int minKeep, int roundTo) {
        int atLeast = Math.max(keep, minKeep);
        return Math.min((atLeast + roundTo - 1) / roundTo * roundTo, channels);
    }
}
