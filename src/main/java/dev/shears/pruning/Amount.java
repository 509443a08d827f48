package dev.shears.pruning;

/**
 * How much to prune: a ratio (the fraction of units removed) or a threshold (units scoring below it
 * are removed). Units are channels for structured pruning and single weights for unstructured.
 */
public sealed interface Amount {
    /** @param value fraction removed, in [0, 1] */
    record Ratio(double value) implements Amount {
        public Ratio {
            if (!(value >= 0 && value <= 1)) {
                throw new IllegalArgumentException("a pruning ratio is a fraction in [0, 1], got " + value);
            }
        }
    }

    /** @param value units scoring strictly below it are removed (the |w| &lt; t convention of MagnitudeIndex) */
    record Threshold(double value) implements Amount {
        public Threshold {
            if (!(value >= 0 && Double.isFinite(value))) {
                throw new IllegalArgumentException("a pruning threshold is a finite value >= 0, got " + value);
            }
        }
    }

    static Amount ratio(double value) {
        return new Ratio(value);
    }

    static Amount threshold(double value) {
        return new Threshold(value);
    }
}
