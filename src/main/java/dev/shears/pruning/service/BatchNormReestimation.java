package dev.shears.pruning.service;

import dev.shears.data.DataSource;
import dev.shears.io.ModelBackend;
import dev.shears.model.LayerKind;
import dev.shears.model.LayerNode;
import dev.shears.pruning.BatchNormStatistics;
import dev.shears.task.Cancellation;
import dev.shears.task.ProgressListener;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * Re-estimates a pruned network's BatchNorm statistics (EagleEye's adaptive BatchNorm, Li et al. 2020):
 * removing channels changes what every later BatchNorm sees, while its running mean and variance still
 * describe the unpruned network — often the larger part of what one-shot structured pruning loses.
 * Forward passes only, no weight changes: each BatchNorm's mean and variance become those of its input
 * on a sample of (training) examples, measured in graph order by the model's backend (in ONNX Runtime),
 * then written into the model in its own format.
 */
public final class BatchNormReestimation {
    /** Examples measured unless the recipe says otherwise: enough for ±2 % on a channel's variance. */
    public static final int DEFAULT_EXAMPLES = 1024;
    /** Why a recipe that re-estimates cannot run, in a sentence. */
    public static final String NEEDS_TRAINING_DATA = "Re-estimating BatchNorm statistics needs training data:"
            + " choose it in File ▸ Data… (CLI: --train-data), or leave the statistics as they are.";
    private static final int BATCH = 256;
    private static final long SAMPLE_SEED = 42;

    private BatchNormReestimation() {
    }

    /** Whether the network has a BatchNorm to re-estimate. */
    public static boolean applies(ModelBackend model) {
        return !batchNorms(model).isEmpty();
    }

    /**
     * The model with every BatchNorm's statistics measured on {@code examples} examples of {@code source}
     * (a seeded sample; all of them when it has fewer); the model itself when it has no BatchNorm.
     */
    public static ModelBackend reestimate(ModelBackend model, DataSource source, int examples,
            ProgressListener progress, Cancellation cancellation) throws IOException {
        List<String> norms = batchNorms(model);
        if (norms.isEmpty()) {
            return model;
        }
        if (examples < 1) {
            throw new IllegalArgumentException("re-estimating needs at least one example, got " + examples);
        }
        Map<String, BatchNormStatistics> measured = model.measureBatchNormStatistics(source,
                sample(source.size(), examples), progress, cancellation);
        Set<String> missing = new TreeSet<>(norms);
        missing.removeAll(measured.keySet());
        if (!missing.isEmpty()) {
            throw new IOException("the statistics of the BatchNorm layers " + String.join(", ", missing)
                    + " could not be measured");
        }
        Map<String, BatchNormStatistics> own = new LinkedHashMap<>();
        norms.forEach(name -> own.put(name, measured.get(name)));
        return model.withBatchNormStatistics(own);
    }

    private static List<String> batchNorms(ModelBackend model) {
        return model.graph().nodesOfKind(LayerKind.BATCH_NORMALIZATION).stream().map(LayerNode::name).toList();
    }

    /** {@code count} distinct indices below {@code size}, seeded, in increasing order (sources read faster so). */
    static int[] sample(int size, int count) {
        if (count >= size) {
            int[] all = new int[size];
            for (int i = 0; i < size; i++) {
                all[i] = i;
            }
            return all;
        }
        int[] indices = new int[size];
        for (int i = 0; i < size; i++) {
            indices[i] = i;
        }
        Random random = new Random(SAMPLE_SEED);
        for (int i = 0; i < count; i++) {
            int j = i + random.nextInt(size - i);
            int t = indices[i];
            indices[i] = indices[j];
            indices[j] = t;
        }
        int[] chosen = java.util.Arrays.copyOf(indices, count);
        java.util.Arrays.sort(chosen);
        return chosen;
    }
}
