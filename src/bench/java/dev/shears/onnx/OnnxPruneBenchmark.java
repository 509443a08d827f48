package dev.shears.onnx;

import dev.shears.analysis.DependencyAnalyzer;
import dev.shears.model.ChannelGroups;
import dev.shears.pruning.Amount;
import dev.shears.pruning.criteria.L1Criterion;
import dev.shears.pruning.plan.PruningPlan;
import dev.shears.pruning.planning.Planner;
import dev.shears.pruning.planning.StructuredSettings;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * torchvision's ResNet-18 and MobileNetV2 exported from PyTorch (random weights): opening (read the
 * file, build the graph), analysing channel groups, planning 30 % of every group by L1, and planning
 * plus surgery (the smaller model in memory, ready to write). Needs the files
 * {@code src/test/fixtures/onnx/make_torchvision.py} writes into target/torchvision/; without them each
 * benchmark fails at setup with a sentence saying so.
 * {@code mvn -B -o -P bench test-compile exec:exec -Djmh.args="OnnxPruneBenchmark"}.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
@State(Scope.Benchmark)
public class OnnxPruneBenchmark {
    @Param({"resnet18", "mobilenet_v2"})
    public String model;

    private Path file;
    private OnnxNetwork network;
    private ChannelGroups groups;
    private StructuredSettings settings;

    @Setup(Level.Trial)
    public void open() throws Exception {
        file = TorchvisionFiles.require(model);
        network = OnnxGraphReader.read(OnnxModel.read(file));
        groups = DependencyAnalyzer.analyze(network.graph());
        settings = StructuredSettings.perGroup(new L1Criterion(), Amount.ratio(0.3));
    }

    /** What opening a model costs before anything is shown: the file read and checked, the graph with statistics. */
    @Benchmark
    public OnnxNetwork readAndGraph() throws Exception {
        return OnnxGraphReader.read(OnnxModel.read(file));
    }

    @Benchmark
    public ChannelGroups analyse() {
        return DependencyAnalyzer.analyze(network.graph());
    }

    @Benchmark
    public PruningPlan plan() {
        return Planner.plan(network.graph(), groups, new OnnxWeights(network), settings);
    }

    @Benchmark
    public OnnxModel planAndSurgery() throws Exception {
        return OnnxSurgeon.shrink(network, plan());
    }
}
