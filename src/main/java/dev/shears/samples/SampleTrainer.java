package dev.shears.samples;

import dev.shears.eval.EvaluationResult;
import dev.shears.eval.Evaluator;
import dev.shears.eval.Networks;
import dev.shears.io.DataSplit;
import dev.shears.io.FashionMnist;
import dev.shears.io.ModelFiles;
import dev.shears.task.Cancellation;
import dev.shears.task.ProgressListener;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Trains a sample architecture on the 60k training images with Adam and a per-epoch cosine
 * learning-rate decay, keeps the parameters that scored best on the validation split, and reports
 * the test split. Deterministic for a given seed, up to ND4J's multithreaded float sums.
 */
public final class SampleTrainer {
    public static final int BATCH_SIZE = 128;

    /** What a training run produced. */
    public record Result(String name, int epochs, int bestEpoch, long seed, long parameters,
                         EvaluationResult validation, EvaluationResult test, double trainingSeconds) {
    }

    /** Defaults per sample that reach the accuracies in sample-models/README.md. */
    public record Recipe(int epochs, double learningRate) {
        public static Recipe defaultFor(String name) {
            return switch (name) {
                case "lenet-300-100" -> new Recipe(12, 1e-3);
                case "lenet-5" -> new Recipe(8, 1e-3);
                case "bn-cnn" -> new Recipe(10, 2e-3);
                case "mini-resnet" -> new Recipe(8, 2e-3);
                default -> throw new IllegalArgumentException("unknown sample '" + name + "'");
            };
        }
    }

    private final Path dataFolder;

    public SampleTrainer(Path dataFolder) {
        this.dataFolder = dataFolder;
    }

    public Result train(String name, Recipe recipe, long seed, Path out, ProgressListener progress,
                        Cancellation cancellation) throws IOException {
        FashionMnist train = FashionMnist.load(dataFolder, DataSplit.TRAIN);
        FashionMnist validation = FashionMnist.load(dataFolder, DataSplit.VALIDATION);
        FashionMnist test = FashionMnist.load(dataFolder, DataSplit.TEST);
        Model network = SampleArchitectures.build(name, seed, recipe.learningRate());
        Random random = new Random(seed);
        long start = System.nanoTime();
        INDArray bestParams = null;
        EvaluationResult bestValidation = null;
        int bestEpoch = 0;
        int batchesPerEpoch = (train.size() + BATCH_SIZE - 1) / BATCH_SIZE;
        for (int epoch = 1; epoch <= recipe.epochs(); epoch++) {
            double lr = recipe.learningRate() * 0.5 * (1 + Math.cos(Math.PI * (epoch - 1) / recipe.epochs()));
            Networks.setLearningRate(network, lr);
            int[] order = train.shuffledOrder(random);
            for (int b = 0; b < batchesPerEpoch; b++) {
                cancellation.throwIfCancelled();
                int from = b * BATCH_SIZE;
                int to = Math.min(order.length, from + BATCH_SIZE);
                int[] indices = java.util.Arrays.copyOfRange(order, from, to);
                Networks.fit(network, train.gather(indices));
                if (b % 50 == 0) {
                    double done = ((epoch - 1) + (double) b / batchesPerEpoch) / recipe.epochs();
                    progress.progress(done, String.format("%s epoch %d/%d batch %d/%d (%.0f s)", name, epoch,
                            recipe.epochs(), b, batchesPerEpoch, (System.nanoTime() - start) / 1e9));
                }
            }
            EvaluationResult v = Evaluator.evaluate(network, validation);
            progress.progress((double) epoch / recipe.epochs(), String.format(
                    "%s epoch %d/%d: lr %.2e, validation accuracy %.4f, loss %.4f (%.0f s)", name, epoch,
                    recipe.epochs(), lr, v.accuracy(), v.meanLoss(), (System.nanoTime() - start) / 1e9));
            if (bestValidation == null || v.accuracy() > bestValidation.accuracy()) {
                bestValidation = v;
                bestEpoch = epoch;
                bestParams = network.params().dup();
                // The file always holds the best model so far, so a long run can be stopped early.
                ModelFiles.save(network, out);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        network.setParams(bestParams);
        EvaluationResult testResult = Evaluator.evaluate(network, test);
        ModelFiles.save(network, out);
        return new Result(name, recipe.epochs(), bestEpoch, seed, network.numParams(), bestValidation, testResult,
                seconds);
    }
}
