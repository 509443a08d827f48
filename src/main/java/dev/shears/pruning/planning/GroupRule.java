package dev.shears.pruning.planning;

import dev.shears.pruning.Amount;
import dev.shears.pruning.criteria.Criterion;
import java.util.Objects;

/**
 * How one channel group is pruned: the criterion that ranks its channels, how many go, at least
 * {@code minKeep} channels stay, and kept counts are rounded up to a multiple of {@code roundTo}
 * (hardware-friendly widths). Rounding up means a plan never removes more than asked.
 */
public record GroupRule(Criterion criterion, Amount amount, int minKeep, int roundTo) {
    public GroupRule {
        Objects.requireNonNull(criterion, "criterion");
        Objects.requireNonNull(amount, "amount");
        if (minKeep < 1) {
            throw new IllegalArgumentException("minKeep must be at least 1 (a group is never emptied), got " + minKeep);
        }
        if (roundTo < 1) {
            throw new IllegalArgumentException("roundTo must be at least 1, got " + roundTo);
        }
    }

    /** Keeps at least one channel, no rounding. */
    public static GroupRule of(Criterion criterion, Amount amount) {
        return new GroupRule(criterion, amount, 1, 1);
    }

    public GroupRule withMinKeep(int channels) {
        return new GroupRule(criterion, amount, channels, roundTo);
    }

    public GroupRule withRoundTo(int multiple) {
        return new GroupRule(criterion, amount, minKeep, multiple);
    }
}
