package dev.shears.eval.tune;

import dev.shears.io.DataSplit;
import dev.shears.io.FashionMnist;
import dev.shears.io.ModelLoader;
import dev.shears.io.SampleLocations;
import dev.shears.task.Cancellation;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.deeplearning4j.nn.api.Model;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Fine-tuning speed: {@link FineTuner#tune} of bn-cnn for one epoch on the first 1,280 Fashion-MNIST
 * training images (10 batches of 128, Adam at the default recovery rate), including what an epoch
 * costs besides the steps — copying the network, the baseline and the end-of-epoch validation (on
 * the first 500 validation images here, so that they weigh about what they weigh in a 60,000-image
 * epoch) and picking the best checkpoint. The score is training images per second. Threads are
 * ND4J's (OpenMP: OMP_NUM_THREADS, default one per core) and OpenBLAS's; set the variable in the
 * shell that starts Maven, the forked JVM inherits it.
 * {@code mvn -B -o -P bench test-compile exec:exec -Djmh.args="FineTuneBenchmark"}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-Dorg.bytedeco.javacpp.maxbytes=2G",
    "-Dorg.bytedeco.javacpp.maxphysicalbytes=6G", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
@State(Scope.Benchmark)
public class FineTuneBenchmark {
    private static final int IMAGES = 1_280;
    private static final int VALIDATION_IMAGES = 500;

    @Param({"bn-cnn"})
    public String model;

    private Model network;
    private FineTuner tuner;
    private FineTuneSettings settings;

    @Setup
    public void setUp() throws Exception {
        network = ModelLoader.load(SampleLocations.sampleModel(model)).network();
        FashionMnist train = FashionMnist.load(SampleLocations.fashionMnistFolder(), DataSplit.TRAIN);
        FashionMnist validation = FashionMnist.load(SampleLocations.fashionMnistFolder(), DataSplit.VALIDATION)
                .first(VALIDATION_IMAGES);
        tuner = new FineTuner(train, validation, FashionMnist.CLASSES);
        settings = FineTuneSettings.defaults(1).withTrainImages(IMAGES);
    }

    /** One epoch; the score counts training images. */
    @Benchmark
    @OperationsPerInvocation(IMAGES)
    public FineTuneResult oneEpoch() throws Exception {
        return tuner.tune(network, List.of(), settings, FineTuneListener.NONE, Cancellation.none());
    }
}
