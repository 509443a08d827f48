package dev.shears.pruning.service;

import dev.shears.data.DataSource;
import dev.shears.io.ModelBackend;
import dev.shears.pruning.Reconstruction;
import dev.shears.pruning.plan.ReconstructionTargets;
import dev.shears.pruning.plan.PruningPlan;
import dev.shears.task.Cancellation;
import dev.shears.task.ProgressListener;
import java.io.IOException;

/**
 * Refits a pruned network's layers to the unpruned network's outputs, by least squares on a sample of (training)
 * examples — the reconstruction step of ThiNet (Luo et al. 2017) and of He et al.'s channel pruning (2017),
 * without training: each convolution and dense layer after the first pruned input gets the weights that best
 * compute, from what now reaches it, what it computed before. The backend measures (in ONNX Runtime) and writes
 * the weights in its own format. On the bundled samples at half of the channels it brings most of the lost
 * accuracy back (decision 0034); it also brings the BatchNorm statistics close to right again, since every
 * refitted layer's output comes close to the unpruned one's.
 */
public final class LayerRefit {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LayerRefit.class);
    /** Examples measured unless the recipe says otherwise (16 positions each for a convolution). */
    public static final int DEFAULT_EXAMPLES = 1024;
    /** Why a recipe that refits cannot run, in a sentence. */
    public static final String NEEDS_TRAINING_DATA = "Refitting layers needs training data: choose it in"
            + " File ▸ Data… (CLI: --train-data), or prune without refitting.";

    private LayerRefit() {
    }

    /** What the refit found: per layer the new weights and how far from the unpruned outputs before and after. */
    public static Reconstruction measure(ModelBackend original, ModelBackend pruned, PruningPlan plan,
            DataSource source, int examples, ProgressListener progress, Cancellation cancellation) throws IOException {
        if (examples < 1) {
            throw new IllegalArgumentException("refitting needs at least one example, got " + examples);
        }
        if (source.size() == 0) {
            throw new IOException("Refitting layers needs training examples, and " + source.name() + " has none.");
        }
        Reconstruction measured = pruned.measureReconstruction(original, ReconstructionTargets.of(plan), source,
                BatchNormReestimation.sample(source.size(), examples), progress, cancellation);
        measured.refits().forEach(r -> LOG.info("refitted {}: mean squared difference from the unpruned outputs"
                + " {} → {}", r.layer(), r.errorBefore(), r.errorAfter()));
        measured.skipped().forEach((layer, why) -> LOG.info("not refitted {}: {}", layer, why));
        return measured;
    }

    /** The pruned model with its layers refitted on {@code examples} examples of {@code source} (a seeded sample). */
    public static ModelBackend refit(ModelBackend original, ModelBackend pruned, PruningPlan plan, DataSource source,
            int examples, ProgressListener progress, Cancellation cancellation) throws IOException {
        Reconstruction reconstruction = measure(original, pruned, plan, source, examples, progress, cancellation);
        return reconstruction.refits().isEmpty() ? pruned : pruned.withParamValues(reconstruction.values());
    }
}
