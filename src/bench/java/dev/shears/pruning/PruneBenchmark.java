package dev.shears.pruning;

import dev.shears.analysis.DependencyAnalyzer;
import dev.shears.io.NetworkGraphReader;
import dev.shears.model.ChannelGroups;
import dev.shears.model.NetworkGraph;
import dev.shears.pruning.criteria.L1Criterion;
import dev.shears.pruning.plan.PruningPlan;
import dev.shears.pruning.planning.Planner;
import dev.shears.pruning.planning.StructuredSettings;
import dev.shears.pruning.surgery.NetworkWeights;
import dev.shears.pruning.surgery.Surgeon;
import java.util.concurrent.TimeUnit;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.zoo.model.ResNet50;
import org.deeplearning4j.zoo.model.VGG16;
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
 * Structured pruning of ImageNet-sized zoo models (random weights): planning 30 % of every channel
 * group by L1, and planning plus surgery (the physically smaller network, ready to save). Loading,
 * graph reading and dependency analysis happen once per trial, as when a model is opened in the app.
 * Run with the {@code bench} profile:
 * {@code mvn -B -P bench test-compile exec:exec -Djmh.args="PruneBenchmark"}.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g", "-Dorg.bytedeco.javacpp.maxbytes=4G",
    "-Dorg.bytedeco.javacpp.maxphysicalbytes=8G", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
@State(Scope.Benchmark)
public class PruneBenchmark {
    @Param({"ResNet50", "VGG16"})
    public String model;

    private ComputationGraph network;
    private NetworkGraph graph;
    private ChannelGroups groups;
    private StructuredSettings settings;

    @Setup(Level.Trial)
    public void open() {
        network = switch (model) {
            case "ResNet50" -> ResNet50.builder().numClasses(1000).build().init();
            case "VGG16" -> VGG16.builder().numClasses(1000).build().init();
            default -> throw new IllegalArgumentException(model);
        };
        graph = NetworkGraphReader.read(network);
        groups = DependencyAnalyzer.analyze(graph);
        settings = StructuredSettings.perGroup(new L1Criterion(), Amount.ratio(0.3));
    }

    @Benchmark
    public PruningPlan plan() {
        return Planner.plan(graph, groups, new NetworkWeights(network), settings);
    }

    @Benchmark
    public Model planAndSurgery() {
        return Surgeon.shrink(network, graph, plan());
    }
}
