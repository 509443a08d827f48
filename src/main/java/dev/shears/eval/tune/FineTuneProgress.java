package dev.shears.eval.tune;

import java.util.Locale;
import java.util.Optional;

/**
 * One point of a fine-tuning run, for a status line or a live chart. Reported every
 * {@link FineTuner#REPORT_EVERY_BATCHES} batches with the training loss only, and with a validation
 * point after each epoch and every {@link FineTuneSettings#validateEveryBatches()} batches.
 *
 * @param epoch           1-based epoch being trained (or just finished)
 * @param batch           batches done in this epoch
 * @param fraction        of the whole run done, in [0, 1]
 * @param trainLoss       mean training loss over this epoch's batches so far (NaN before the first)
 * @param validation      present when the validation split was just evaluated
 * @param epochEnd        true for the point reported after an epoch's last batch and its evaluation
 * @param gammas          |γ| of every BatchNorm scale now (empty for a network without BatchNorm)
 */
public record FineTuneProgress(int epoch, int epochs, int batch, int batchesPerEpoch, double fraction,
                               double trainLoss, Optional<ValidationPoint> validation, boolean epochEnd,
                               Optional<GammaMagnitudes> gammas) {
    public String describe() {
        String v = validation.map(p -> String.format(Locale.ROOT, ", validation accuracy %.2f %%, loss %.4f",
                100 * p.accuracy(), p.loss())).orElse("");
        return String.format(Locale.ROOT, "epoch %d/%d batch %d/%d: train loss %.4f%s", epoch, epochs, batch,
                batchesPerEpoch, trainLoss, v);
    }

    /** {@link #describe()} with Σ|γ| of the BatchNorm scales, for runs that penalise them. */
    public String describeWithGammas() {
        return describe() + gammas.map(g -> String.format(Locale.ROOT, ", Σ|γ| %.2f over %d scales", g.sum(),
                g.count())).orElse("");
    }
}
