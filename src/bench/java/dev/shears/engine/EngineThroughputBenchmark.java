package dev.shears.engine;

import dev.shears.data.Examples;
import dev.shears.io.DataSplit;
import dev.shears.io.FashionMnist;
import dev.shears.io.ModelLoader;
import dev.shears.io.SampleLocations;
import dev.shears.model.TensorShape;
import dev.shears.onnx.convert.Dl4jToOnnx;
import java.util.ArrayList;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * bn-cnn on the 5,000 test-split images in batches of 250, side by side: DL4J, and the converted
 * model in ONNX Runtime with one and with two intra-op threads. Scores are images per second.
 * {@code mvn -B -o -P bench test-compile exec:exec -Djmh.args="EngineThroughputBenchmark"}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-Dorg.bytedeco.javacpp.maxbytes=2G",
    "-Dorg.bytedeco.javacpp.maxphysicalbytes=6G", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
@State(Scope.Benchmark)
public class EngineThroughputBenchmark {
    private static final int IMAGES = 5_000;
    private static final int BATCH = 250;

    @Param({"DL4J", "ORT-1-thread", "ORT-2-threads"})
    public String engine;

    private InferenceEngine running;
    private List<Examples> batches;

    @Setup
    public void setUp() throws Exception {
        Model network = ModelLoader.load(SampleLocations.sampleModel("bn-cnn")).network();
        FashionMnist test = FashionMnist.load(SampleLocations.fashionMnistFolder(), DataSplit.TEST);
        float[] all = test.batch(0, IMAGES).getFeatures().dup('c').data().asFloat();
        TensorShape flat = TensorShape.of(FashionMnist.SIDE * FashionMnist.SIDE);
        batches = new ArrayList<>();
        int per = FashionMnist.SIDE * FashionMnist.SIDE;
        for (int from = 0; from < IMAGES; from += BATCH) {
            float[] features = java.util.Arrays.copyOfRange(all, from * per, (from + BATCH) * per);
            batches.add(Examples.unlabelled(features, BATCH, flat));
        }
        running = switch (engine) {
            case "DL4J" -> new Dl4jEngine(network);
            case "ORT-1-thread" -> new OrtEngine(Dl4jToOnnx.convert(network, batches.get(0)).onnxBytes(), 1);
            case "ORT-2-threads" -> new OrtEngine(Dl4jToOnnx.convert(network, batches.get(0)).onnxBytes(), 2);
            default -> throw new IllegalArgumentException("unknown engine " + engine);
        };
    }

    /** One pass over the 5,000 images; the score counts images. */
    @Benchmark
    @OperationsPerInvocation(IMAGES)
    public void testSplit(Blackhole sink) {
        for (Examples batch : batches) {
            sink.consume(running.run(batch).values());
        }
    }

    @TearDown
    public void tearDown() {
        running.close();
    }
}
