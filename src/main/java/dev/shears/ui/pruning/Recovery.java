package dev.shears.ui.pruning;

import dev.shears.analysis.Formats;
import dev.shears.pruning.recipes.PruningSpec;
import dev.shears.pruning.service.BatchNormReestimation;
import dev.shears.pruning.service.LayerRefit;

/** What the panel does after removing channels, before the preview measures and Apply keeps the model. */
public enum Recovery {
    /** Least-squares refit of the layers to the unpruned outputs (decision 0034): the most accuracy back. */
    REFIT("Refit layers", "After removing channels, refit each convolution and dense layer by least squares so"
            + " that it computes what it computed before, on " + Formats.count(LayerRefit.DEFAULT_EXAMPLES)
            + " training examples (the reconstruction of ThiNet, Luo et al. 2017). No training; the preview and"
            + " Apply both use it."),
    /** BatchNorm statistics measured anew (EagleEye's adaptive BatchNorm, decision 0032). */
    BATCH_NORM("Re-estimate BN", "After removing channels, measure every BatchNorm's running mean and variance"
            + " anew on " + Formats.count(BatchNormReestimation.DEFAULT_EXAMPLES) + " training examples (EagleEye's"
            + " adaptive BatchNorm, Li et al. 2020). Forward passes only; the weights stay as pruned."),
    /** The pruned weights as they are: what the ranking alone does. */
    NONE("Keep as pruned", "Keep the remaining weights exactly as they were: what removing the channels alone does.");

    private final String label;
    private final String explanation;

    Recovery(String label, String explanation) {
        this.label = label;
        this.explanation = explanation;
    }

    /** The recipe with this recovery asked for. */
    PruningSpec applyTo(PruningSpec spec) {
        return switch (this) {
            case REFIT -> spec.withRefitExamples(LayerRefit.DEFAULT_EXAMPLES);
            case BATCH_NORM -> spec.withBatchNormExamples(BatchNormReestimation.DEFAULT_EXAMPLES);
            case NONE -> spec;
        };
    }

    public String explanation() {
        return explanation;
    }

    @Override
    public String toString() {
        return label;
    }
}
