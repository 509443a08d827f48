package dev.shears.eval;

import dev.shears.io.DataSplit;
import dev.shears.pruning.CriterionName;
import dev.shears.pruning.PruningSpec;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * What a {@link SensitivityScan} measures: the criterion that picks each group's removed channels,
 * how many validation images (the first {@code images} of the split), the removed fractions, and
 * the seed of the {@code random} criterion. Ratios are kept sorted and distinct, so equal settings
 * make equal cache keys.
 */
public record SensitivitySettings(CriterionName criterion, int images, List<Double> ratios, long seed) {
    public static final List<Double> DEFAULT_RATIOS = List.of(0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9);
    public static final int ALL_IMAGES = DataSplit.VALIDATION.size();

    public SensitivitySettings {
        Objects.requireNonNull(criterion, "criterion");
        if (images < 1 || images > ALL_IMAGES) {
            throw new IllegalArgumentException("the scan evaluates 1 to " + ALL_IMAGES + " validation images, not "
                    + images);
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

    /** l1, all 5000 validation images, 0.1 to 0.9. */
    public static SensitivitySettings defaults() {
        return new SensitivitySettings(CriterionName.L1, ALL_IMAGES, DEFAULT_RATIOS, PruningSpec.DEFAULT_SEED);
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
