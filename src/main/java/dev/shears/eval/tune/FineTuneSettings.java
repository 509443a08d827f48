package dev.shears.eval.tune;

import java.util.Optional;

/**
 * How to fine-tune a pruned network.
 *
 * @param epochs               passes over the training images
 * @param learningRate         the recovery rate at the first epoch; later epochs follow a cosine decay
 *                             per epoch, as in sample training (one epoch: this rate throughout)
 * @param batchSize            examples per step
 * @param trainImages          0: all 60 000 training images; otherwise the first n of them (tests)
 * @param validateEveryBatches 0: validate after each epoch only; k: also every k batches (live charts)
 * @param seed                 of the per-epoch shuffling
 * @param sparsityL1           λ of Network Slimming's penalty λ·Σ|γ| on every BatchNorm scale (0: none).
 *                             With a penalty the last epoch is returned, not the best on validation:
 *                             the point is the polarised γ, which validation accuracy does not measure
 * @param distillation         learn from the teacher's softened outputs as well as from the labels
 * @param reinit               train from a fresh initialisation of the network's architecture (the
 *                             configuration's weight init and seed) instead of from its weights
 */
public record FineTuneSettings(int epochs, double learningRate, int batchSize, int trainImages,
                               int validateEveryBatches, long seed, double sparsityL1,
                               Optional<Distillation> distillation, boolean reinit) {
    /** Sample training's batch size ({@code SampleTrainer.BATCH_SIZE}). */
    public static final int DEFAULT_BATCH_SIZE = 128;
    /** A tenth of the rate the MLP and LeNet-5 samples were trained with (Adam 1e-3). */
    public static final double DEFAULT_LEARNING_RATE = 1e-4;
    public static final long DEFAULT_SEED = 42;

    public FineTuneSettings {
        if (epochs < 0) {
            throw new IllegalArgumentException("epochs must be >= 0, got " + epochs);
        }
        if (!(learningRate > 0 && Double.isFinite(learningRate))) {
            throw new IllegalArgumentException("the learning rate must be positive, got " + learningRate);
        }
        if (batchSize <= 0 || trainImages < 0 || validateEveryBatches < 0) {
            throw new IllegalArgumentException("batch size must be positive, image and batch counts >= 0");
        }
        if (!(sparsityL1 >= 0 && Double.isFinite(sparsityL1))) {
            throw new IllegalArgumentException("the sparsity penalty must be 0 or positive, got " + sparsityL1);
        }
        distillation = distillation == null ? Optional.empty() : distillation;
    }

    /** Plain fine-tuning: no sparsity penalty, no teacher, from the network's own weights. */
    public FineTuneSettings(int epochs, double learningRate, int batchSize, int trainImages, int validateEveryBatches,
                            long seed) {
        this(epochs, learningRate, batchSize, trainImages, validateEveryBatches, seed, 0, Optional.empty(), false);
    }

    /** {@code epochs} on all training images at the default recovery rate. */
    public static FineTuneSettings defaults(int epochs) {
        return new FineTuneSettings(epochs, DEFAULT_LEARNING_RATE, DEFAULT_BATCH_SIZE, 0, 0, DEFAULT_SEED);
    }

    /**
     * The recovery rate for a network trained at {@code trainingRate}: a tenth of it, small enough not
     * to undo what training learned, large enough to move the surviving weights in one or two epochs.
     */
    public static double recoveryRate(double trainingRate) {
        return trainingRate / 10;
    }

    public FineTuneSettings withEpochs(int value) {
        return new FineTuneSettings(value, learningRate, batchSize, trainImages, validateEveryBatches, seed,
                sparsityL1, distillation, reinit);
    }

    public FineTuneSettings withLearningRate(double value) {
        return new FineTuneSettings(epochs, value, batchSize, trainImages, validateEveryBatches, seed, sparsityL1,
                distillation, reinit);
    }

    public FineTuneSettings withTrainImages(int value) {
        return new FineTuneSettings(epochs, learningRate, batchSize, value, validateEveryBatches, seed, sparsityL1,
                distillation, reinit);
    }

    public FineTuneSettings withValidateEveryBatches(int value) {
        return new FineTuneSettings(epochs, learningRate, batchSize, trainImages, value, seed, sparsityL1,
                distillation, reinit);
    }

    public FineTuneSettings withSeed(long value) {
        return new FineTuneSettings(epochs, learningRate, batchSize, trainImages, validateEveryBatches, value,
                sparsityL1, distillation, reinit);
    }

    public FineTuneSettings withSparsityL1(double lambda) {
        return new FineTuneSettings(epochs, learningRate, batchSize, trainImages, validateEveryBatches, seed, lambda,
                distillation, reinit);
    }

    public FineTuneSettings withDistillation(Optional<Distillation> value) {
        return new FineTuneSettings(epochs, learningRate, batchSize, trainImages, validateEveryBatches, seed,
                sparsityL1, value, reinit);
    }

    public FineTuneSettings withReinit(boolean value) {
        return new FineTuneSettings(epochs, learningRate, batchSize, trainImages, validateEveryBatches, seed,
                sparsityL1, distillation, value);
    }

    /** Whether the last epoch is returned rather than the best on validation (a sparsity penalty is on). */
    public boolean keepsLastEpoch() {
        return sparsityL1 > 0;
    }

    /** The rate of a 1-based epoch: cosine decay per epoch from {@link #learningRate()}. */
    public double learningRateAt(int epoch) {
        return learningRate * 0.5 * (1 + Math.cos(Math.PI * (epoch - 1) / epochs));
    }
}
