package dev.shears.pruning.service;

import dev.shears.analysis.Formats;
import dev.shears.data.DataSource;
import dev.shears.io.ModelBackend;
import dev.shears.pruning.plan.Plan;
import dev.shears.pruning.plan.PruningPlan;
import dev.shears.pruning.recipes.PruningSpec;
import dev.shears.task.Cancellation;
import dev.shears.task.ProgressListener;
import java.io.IOException;
import java.util.Optional;

/**
 * What follows the surgery when the recipe asks for it: the layers refitted to the unpruned outputs
 * ({@link LayerRefit}), then the BatchNorm statistics re-estimated ({@link BatchNormReestimation}). Apply and the
 * accuracy preview both run it, so that a preview measures the model Apply makes.
 */
public final class AfterPruning {
    private AfterPruning() {
    }

    /**
     * @param original the model {@code pruned} was made from by {@code plan}
     * @param progress told, at 0 and ½, what is being done ("refitting the layers on 1024 training examples")
     * @throws IOException in a sentence when the recipe asks for either and there is no training data
     */
    public static ModelBackend recover(ModelBackend original, ModelBackend pruned, Plan plan, PruningSpec spec,
            Optional<DataSource> training, ProgressListener progress, Cancellation cancellation) throws IOException {
        ModelBackend recovered = pruned;
        if (spec.refits() && plan instanceof PruningPlan channels
                && channels.groups().stream().anyMatch(g -> g.removedCount() > 0)) {
            DataSource examples = training.orElseThrow(() -> new IOException(LayerRefit.NEEDS_TRAINING_DATA));
            progress.progress(0, "refitting the layers on " + Formats.count(Math.min(spec.refitExamples(),
                    examples.size())) + " training examples");
            recovered = LayerRefit.refit(original, recovered, channels, examples, spec.refitExamples(),
                    ProgressListener.NONE, cancellation);
        }
        if (spec.reestimatesBatchNorm() && BatchNormReestimation.applies(recovered)) {
            DataSource examples = training.orElseThrow(() -> new IOException(
                    BatchNormReestimation.NEEDS_TRAINING_DATA));
            progress.progress(0.5, "re-estimating BatchNorm statistics on " + Formats.count(Math.min(
                    spec.batchNormExamples(), examples.size())) + " training examples");
            recovered = BatchNormReestimation.reestimate(recovered, examples, spec.batchNormExamples(),
                    ProgressListener.NONE, cancellation);
        }
        return recovered;
    }
}
