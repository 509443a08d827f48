package dev.shears.cli;

import dev.shears.io.SampleLocations;
import dev.shears.samples.SampleArchitectures;
import dev.shears.samples.SampleTrainer;
import dev.shears.task.Cancellation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "train-sample", description = "Retrain one of the bundled sample models on Fashion-MNIST.")
final class TrainSampleCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", description = "lenet-300-100, lenet-5, bn-cnn or mini-resnet")
    String name;

    @Option(names = "--epochs", description = "training epochs (default: the sample's recipe)")
    Integer epochs;

    @Option(names = "--seed", defaultValue = "42", description = "random seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", description = "where to write the zip (default: sample-models/NAME.zip, when Shears "
            + "may write there; an installed Shears needs --out)")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (!SampleArchitectures.NAMES.contains(name)) {
            throw new UserError("unknown sample '" + name + "', expected one of " + SampleArchitectures.NAMES);
        }
        if (epochs != null && epochs < 1) {
            throw new UserError("--epochs must be 1 or more, not " + epochs);
        }
        // checked before minutes of training; without --out the bundled sample's own folder, whose refusal names --out
        Path target = out != null ? out : writableDefaultTarget();
        if (out != null) {
            OptionChecks.writable(out, "--out");
        }
        SampleTrainer.Recipe recipe = SampleTrainer.Recipe.defaultFor(name);
        if (epochs != null) {
            recipe = new SampleTrainer.Recipe(epochs, recipe.learningRate());
        }
        SampleTrainer trainer = new SampleTrainer(SampleLocations.fashionMnistFolder());
        SampleTrainer.Result r = trainer.train(name, recipe, seed, target,
                (fraction, message) -> System.err.println(message), Cancellation.none());
        System.out.printf("%s: %d params, %d epochs (best %d), seed %d, %.0f s training%n", r.name(), r.parameters(),
                r.epochs(), r.bestEpoch(), r.seed(), r.trainingSeconds());
        System.out.printf("validation accuracy %.4f, test accuracy %.4f (top-5 %.4f, loss %.4f) -> %s%n",
                r.validation().accuracy(), r.test().accuracy(), r.test().top5Accuracy(), r.test().meanLoss(), target);
        return 0;
    }

    /**
     * The bundled sample's own file, refused before minutes of training when its folder is read-only
     * (an installed Shears lives in /opt/shears, which belongs to root): the user then says where with --out.
     */
    private Path writableDefaultTarget() {
        Path target = SampleLocations.sampleModel(name);
        Path folder = target.getParent();
        if (!acceptsNewFiles(folder)) {
            throw new UserError("Shears may not write in " + folder + " (the installed samples are read-only); "
                    + "give the retrained model a place with --out, e.g. --out " + name + ".zip");
        }
        return target;
    }

    /** Whether a file can be created in {@code folder}: tried, since root passes permission checks a write still fails. */
    private static boolean acceptsNewFiles(Path folder) {
        try {
            Files.delete(Files.createTempFile(folder, ".shears-write-probe", ".tmp"));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
