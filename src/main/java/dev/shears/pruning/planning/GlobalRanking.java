package dev.shears.pruning.planning;

import dev.shears.pruning.Amount;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Decides how many channels each pooled group keeps when one amount applies to all of them.
 * Criteria are not comparable across layers as they are (an L1 norm grows with fan-in, BN γ and
 * Taylor scores with a layer's scale), so each group's scores are divided by the group's mean score:
 * a channel then counts as "x times its layer's average channel". The mean, not the max, because
 * one outlier channel would shrink all its neighbours towards zero; not the L2 norm, because that
 * shrinks with the channel count and would single out wide layers. A group whose scores are all 0
 * (dead channels) normalises to 0.
 */
public final class GlobalRanking {
    private GlobalRanking() {
    }

    /** One pooled group: its raw scores and its own floor of kept channels (minKeep, or what the cap leaves). */
    record Pooled(double[] scores, int minKeep) {
    }

    private record Channel(int group, int channel, double score) {
    }

    /** Channels removed per pooled group, before rounding: the globally lowest normalised scores. */
    static int[] removedPerGroup(List<Pooled> pool, Amount amount) {
        List<Channel> channels = new ArrayList<>();
        for (int g = 0; g < pool.size(); g++) {
            double[] normalised = normalised(pool.get(g).scores());
            for (int c = 0; c < normalised.length; c++) {
                channels.add(new Channel(g, c, normalised[c]));
            }
        }
        channels.sort(Comparator.comparingDouble(Channel::score).thenComparingInt(Channel::group)
                .thenComparingInt(Channel::channel));
        long target = amount instanceof Amount.Ratio ratio ? Planner.removedCount(channels.size(), ratio.value())
                : Long.MAX_VALUE;
        double below = amount instanceof Amount.Threshold threshold ? threshold.value() : Double.POSITIVE_INFINITY;
        int[] removed = new int[pool.size()];
        long done = 0;
        for (Channel c : channels) {
            if (done == target || c.score() >= below) {
                break;
            }
            Pooled g = pool.get(c.group());
            // a group at its floor keeps the rest: the next-lowest channels elsewhere go instead
            if (removed[c.group()] < g.scores().length - g.minKeep()) {
                removed[c.group()]++;
                done++;
            }
        }
        return removed;
    }

    static double[] normalised(double[] scores) {
        double mean = 0;
        for (double s : scores) {
            mean += s / scores.length;
        }
        double[] out = new double[scores.length];
        for (int c = 0; c < scores.length; c++) {
            out[c] = mean == 0 ? 0 : scores[c] / mean;
        }
        return out;
    }
}
