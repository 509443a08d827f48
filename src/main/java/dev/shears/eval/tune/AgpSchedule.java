package dev.shears.eval.tune;

import java.util.List;
import java.util.stream.IntStream;

/**
 * Automated gradual pruning (Zhu &amp; Gupta 2017, "To prune, or not to prune"): the sparsity after
 * step t of K is s_t = s_f + (s_i − s_f)(1 − t/K)³. It prunes fast while many redundant weights
 * remain and slowly near the end, where each weight matters more. One step (K = 1) is one-shot
 * pruning to s_f.
 *
 * @param initialSparsity s_i, the sparsity at t = 0 (usually 0)
 * @param finalSparsity   s_f, reached exactly at t = K
 * @param steps           K ≥ 1
 */
public record AgpSchedule(double initialSparsity, double finalSparsity, int steps) {
    public AgpSchedule {
        if (!(initialSparsity >= 0 && initialSparsity <= finalSparsity && finalSparsity <= 1)) {
            throw new IllegalArgumentException("need 0 <= initial <= final <= 1, got " + initialSparsity + " and "
                    + finalSparsity);
        }
        if (steps < 1) {
            throw new IllegalArgumentException("an AGP schedule needs at least one step, got " + steps);
        }
    }

    /** From dense to {@code finalSparsity} in {@code steps} steps. */
    public static AgpSchedule of(double finalSparsity, int steps) {
        return new AgpSchedule(0, finalSparsity, steps);
    }

    public static AgpSchedule oneShot(double finalSparsity) {
        return of(finalSparsity, 1);
    }

    /** s_t for t in [0, K]; exactly s_f at t = K. */
    public double sparsityAt(int step) {
        if (step < 0 || step > steps) {
            throw new IllegalArgumentException("step " + step + " is outside [0, " + steps + "]");
        }
        if (step == steps) {
            return finalSparsity;
        }
        double remaining = 1 - (double) step / steps;
        return finalSparsity + (initialSparsity - finalSparsity) * remaining * remaining * remaining;
    }

    /** s_1 … s_K. */
    public List<Double> targets() {
        return IntStream.rangeClosed(1, steps).mapToObj(this::sparsityAt).toList();
    }

    /** The same shape of schedule ending at another sparsity (a layer with its own ratio). */
    public AgpSchedule endingAt(double otherFinal) {
        return new AgpSchedule(Math.min(initialSparsity, otherFinal), otherFinal, steps);
    }

    public boolean isOneShot() {
        return steps == 1;
    }
}
