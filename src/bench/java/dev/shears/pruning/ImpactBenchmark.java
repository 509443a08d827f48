package dev.shears.pruning;

import dev.shears.io.Dl4jBackend;
import dev.shears.pruning.impact.ModelSizes;
import dev.shears.pruning.planning.PreviewPlanner;
import dev.shears.pruning.recipes.PruningSpec;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.zoo.model.ResNet50;
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
 * What the impact bar recomputes on every slider step, on ResNet-50 (random weights, 25.6 M
 * parameters): the recipe at a new ratio → channels or weights removed per group/tensor → params,
 * MACs and the five size figures. Scores are prepared once per trial, as the app does when the
 * criterion is chosen. Target: under 1 ms per change.
 * {@code mvn -B -P bench test-compile exec:exec -Djmh.args="ImpactBenchmark"}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g", "-Dorg.bytedeco.javacpp.maxbytes=4G",
    "-Dorg.bytedeco.javacpp.maxphysicalbytes=8G", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
@State(Scope.Benchmark)
public class ImpactBenchmark {
    @Param({"structured-global", "structured-per-layer", "unstructured-global"})
    public String recipe;

    private PreviewPlanner preview;
    private PruningMode mode;
    private dev.shears.pruning.Scope scope;
    private int step;

    @Setup(Level.Trial)
    public void open() {
        ComputationGraph network = ResNet50.builder().numClasses(1000).build().init();
        preview = new PreviewPlanner(Dl4jBackend.of(network), () -> null);
        mode = recipe.startsWith("structured") ? PruningMode.STRUCTURED : PruningMode.UNSTRUCTURED;
        scope = recipe.endsWith("global") ? dev.shears.pruning.Scope.GLOBAL : dev.shears.pruning.Scope.PER_LAYER;
        preview.prepare(mode, CriterionName.L1);
    }

    @Benchmark
    public ModelSizes sliderStep() {
        double ratio = 0.05 + (step++ % 90) / 100.0; // a different ratio each call, as while dragging
        PruningSpec spec = new PruningSpec(PruningSpec.CURRENT_VERSION, mode, scope, CriterionName.L1,
                Amount.ratio(ratio), 1, 1, PruningSpec.DEFAULT_SEED, List.of(), Map.of());
        return preview.impactModel().sizes(preview.impact(spec), 100_000_000L);
    }
}
