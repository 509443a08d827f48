package dev.shears.eval.tune;

/**
 * One finished fine-tuning epoch.
 *
 * @param trainLoss mean training loss over the epoch's batches (as DL4J scores them, with L2)
 * @param seconds   wall-clock time of the epoch, training and validation
 */
public record EpochRecord(int epoch, double learningRate, double trainLoss, double validationAccuracy,
                          double validationLoss, double seconds) {
}
