package dev.shears.onnx;

import dev.shears.analysis.DependencyAnalyzer;
import dev.shears.data.Examples;
import dev.shears.engine.OrtEngine;
import dev.shears.model.TensorShape;
import dev.shears.pruning.Amount;
import dev.shears.pruning.criteria.L1Criterion;
import dev.shears.pruning.planning.Planner;
import dev.shears.pruning.planning.StructuredSettings;
import java.util.concurrent.TimeUnit;
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
 * ONNX Runtime on torchvision's ResNet-18 and MobileNetV2 (random weights, 224 × 224 images of
 * noise in batches of 16), as exported and after L1 structured pruning of 30 % of every channel
 * group, with widths as they fall or rounded up to multiples of 16 (x16: ONNX Runtime's blocked
 * convolutions use blocks of 16 with AVX-512); one and two intra-op threads. Scores are images per
 * second. Needs the files
 * {@code src/test/fixtures/onnx/make_torchvision.py} writes into target/torchvision/.
 * {@code mvn -B -o -P bench test-compile exec:exec -Djmh.args="OnnxThroughputBenchmark"}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
@State(Scope.Benchmark)
public class OnnxThroughputBenchmark {
    private static final int BATCH = 16;

    @Param({"resnet18", "mobilenet_v2"})
    public String model;

    @Param({"exported", "pruned-30", "pruned-30-x16"})
    public String variant;

    @Param({"1", "2"})
    public int threads;

    private OrtEngine engine;
    private Examples batch;

    @Setup
    public void setUp() throws Exception {
        OnnxNetwork network = OnnxGraphReader.read(OnnxModel.read(TorchvisionFiles.require(model)));
        OnnxModel running = network.model();
        if (variant.startsWith("pruned-30")) {
            StructuredSettings settings = StructuredSettings.perGroup(new L1Criterion(), Amount.ratio(0.3));
            if (variant.endsWith("x16")) {
                settings = settings.withDefaults(settings.defaults().withRoundTo(16));
            }
            running = OnnxSurgeon.shrink(network, Planner.plan(network.graph(),
                    DependencyAnalyzer.analyze(network.graph()), new OnnxWeights(network), settings));
        }
        TensorShape image = TensorShape.of(3, 224, 224);
        batch = Examples.unlabelled(OnnxInference.gaussianInputs(running, BATCH, 1), BATCH, image);
        engine = new OrtEngine(running.toByteArray(), threads);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void batch(Blackhole sink) {
        sink.consume(engine.run(batch).values());
    }

    @TearDown
    public void tearDown() {
        engine.close();
    }
}
