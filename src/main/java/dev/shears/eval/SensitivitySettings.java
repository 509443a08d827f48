package dev.shears.eval;

import dev.shears.pruning.CriterionName;
import dev.shears.pruning.recipes.PruningSpec;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * What a {@link SensitivityScan} measures: the criterion that picks each group's removed channels,
 * how many validation examples (the first {@code images}; all when there are fewer), the removed fractions, and
 * the seed of the {@code random} criterion. Ratios are kept sorted and distinct, so equal settings
 * make equal cache keys.
 */
public record SensitivitySettings(CriterionName criterion, int images, List<Double> ratios, long seed) {
    public static final List<Double> DEFAULT_RATIOS = List.of(0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9);
    /** The default: 5,000 examples (all of the samples' validation split) give ± 1.4 points at 95 %. */
    public static final int DEFAULT_IMAGES = 5_000;

    public SensitivitySettings {
        Objects.requireNonNull(criterion, "criterion");
        if (images < 1) {
            throw new IllegalArgumentException("the scan evaluates at least 1 validation example, not " + images);
        }
        if (ratios.isEmpty()) {
            throw new IllegalArgumentException("give at least one ratio");
        }
        for (double r : ratios) {
            if (!(r > 0 && r < 1)) {
                throw new IllegalArgumentException("a sensitivity ratio is the fraction of a group's channels removed,"
                        + " in (0, 1), not " + r);
            }
        }
        ratios = List.copyOf(new TreeSet<>(ratios));
    }

    /** l1, the first 5000 validation examples, 0.1 to 0.9. */
    public static SensitivitySettings defaults() {
        return new SensitivitySettings(CriterionName.L1, DEFAULT_IMAGES, DEFAULT_RATIOS, PruningSpec.DEFAULT_SEED);
    }

    public SensitivitySettings withCriterion(CriterionName name) {
        return new SensitivitySettings(name, images, ratios, seed);
    }

    public SensitivitySettings withImages(int count) {
        return new SensitivitySettings(criterion, count, ratios, seed);
    }

    public SensitivitySettings withRatios(List<Double> fractions) {
        return new SensitivitySettings(criterion, images, fractions, seed);
    }
}
