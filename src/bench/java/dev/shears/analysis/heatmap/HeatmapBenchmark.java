package dev.shears.analysis.heatmap;

import dev.shears.task.Cancellation;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * VGG-16 fc6-sized dense W (25088 × 4096, 102.8 M random Gaussian weights, seeded) rendered into a
 * 1200 × 800 viewport. Run with the {@code bench} profile; see decision record 0001.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
public class HeatmapBenchmark {
    static final int ROWS = 25088;
    static final int COLUMNS = 4096;
    static final int WIDTH = 1200;
    static final int HEIGHT = 800;
    private static final int THRESHOLDS = 64;

    /** The weights and thresholds spread over the |w| distribution, visited in a scrambled order. */
    @State(Scope.Benchmark)
    public static class Fc6 {
        /**
         * Where the values lie: a Java array, or — as the window draws a DL4J layer — a network's dense W
         * [nIn, nOut] kept column by column in native memory, read through {@code ParamArrays.inPlace}.
         */
        @Param({"array", "network"})
        String storage;
        WeightMatrix weights;
        Viewport whole;
        double[] thresholds;

        @Setup(Level.Trial)
        public void generate() {
            float[] w = gaussian(ROWS * COLUMNS, 42);
            if (storage.equals("network")) {
                org.nd4j.linalg.api.ndarray.INDArray columnMajor;
                try (org.nd4j.linalg.api.ndarray.INDArray rowMajor = org.nd4j.linalg.factory.Nd4j.create(w,
                        new long[] {ROWS, COLUMNS}, 'c')) {
                    columnMajor = rowMajor.dup('f');
                }
                weights = new WeightMatrix(dev.shears.pruning.ParamArrays.inPlace(columnMajor), ROWS, COLUMNS);
            } else {
                weights = new WeightMatrix(w, ROWS, COLUMNS);
            }
            whole = Viewport.whole(weights, WIDTH, HEIGHT);
            float[] sample = new float[w.length / 1000];
            for (int i = 0; i < sample.length; i++) {
                sample[i] = Math.abs(w[i * 1000]);
            }
            Arrays.sort(sample);
            thresholds = new double[THRESHOLDS];
            for (int i = 0; i < THRESHOLDS; i++) {
                // stride 37 is coprime with 64: consecutive thresholds sit far apart in the distribution
                int quantile = (i * 37) % THRESHOLDS;
                thresholds[i] = sample[(int) ((quantile + 0.5) / THRESHOLDS * sample.length)];
            }
        }

        private static float[] gaussian(int count, long seed) {
            SplittableRandom random = new SplittableRandom(seed);
            float[] values = new float[count];
            for (int i = 0; i < count; i++) {
                double u = random.nextDouble();
                double v = random.nextDouble();
                values[i] = (float) (0.01 * Math.sqrt(-2 * Math.log1p(-u)) * Math.cos(2 * Math.PI * v));
            }
            return values;
        }
    }

    /** A renderer that has already drawn the whole view with a threshold: summaries are built. */
    @State(Scope.Benchmark)
    public static class Warmed {
        HeatmapRenderer renderer;
        Viewport view;
        private int next;

        @Setup(Level.Trial)
        public void warm(Fc6 fc6) {
            view = fc6.whole;
            renderer = prepare(fc6, view);
        }

        double nextThreshold(Fc6 fc6) {
            return fc6.thresholds[next++ % THRESHOLDS];
        }
    }

    /** The same, zoomed 2× into the middle: 25.7 M visible cells, so threshold moves rescan them. */
    @State(Scope.Benchmark)
    public static class WarmedZoomedIn {
        HeatmapRenderer renderer;
        Viewport view;
        private int next;

        @Setup(Level.Trial)
        public void warm(Fc6 fc6) {
            view = new Viewport(COLUMNS / 4.0, ROWS / 4.0, COLUMNS / 2.0, ROWS / 2.0, WIDTH, HEIGHT);
            renderer = prepare(fc6, view);
        }

        double nextThreshold(Fc6 fc6) {
            return fc6.thresholds[next++ % THRESHOLDS];
        }
    }

    /**
     * CPU time of the benchmark thread per operation, printed after each iteration: on a shared
     * machine wall time mostly measures the neighbours, CPU time measures the code.
     */
    @State(Scope.Thread)
    public static class CpuClock {
        private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        private long started;
        private long cpuNanos;
        private long operations;

        HeatmapImage time(Supplier<HeatmapImage> work) {
            started = threads.getCurrentThreadCpuTime();
            HeatmapImage image = work.get();
            cpuNanos += threads.getCurrentThreadCpuTime() - started;
            operations++;
            return image;
        }

        @TearDown(Level.Iteration)
        public void report() {
            System.out.printf("  [cpu %.2f ms/op over %d ops]%n", cpuNanos / 1e6 / Math.max(1, operations), operations);
            cpuNanos = 0;
            operations = 0;
        }
    }

    private static HeatmapRenderer prepare(Fc6 fc6, Viewport view) {
        long before = usedHeap();
        HeatmapRenderer renderer = new HeatmapRenderer(fc6.weights);
        renderer.render(view, RenderOptions.defaults(), OptionalDouble.of(fc6.thresholds[0]), Cancellation.none());
        long measured = usedHeap() - before;
        System.out.printf("%nsummaries for %s: estimated %.1f MB, measured heap growth %.1f MB"
                        + " (weights themselves: %.1f MB)%n", view, renderer.summaryBytes() / 1e6, measured / 1e6,
                4.0 * fc6.weights.values().size() / 1e6);
        return renderer;
    }

    private static long usedHeap() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }

    /** Opening the layer: block aggregation of all 102.8 M weights and colouring, no threshold. */
    @Benchmark
    public HeatmapImage firstRender(Fc6 fc6, CpuClock clock) {
        return clock.time(() -> new HeatmapRenderer(fc6.weights).render(fc6.whole, RenderOptions.defaults(),
                OptionalDouble.empty(), Cancellation.none()));
    }

    /** Opening the layer with a threshold already set: also builds the magnitude index and histograms. */
    @Benchmark
    public HeatmapImage firstRenderWithThreshold(Fc6 fc6, CpuClock clock) {
        return clock.time(() -> new HeatmapRenderer(fc6.weights).render(fc6.whole, RenderOptions.defaults(),
                OptionalDouble.of(fc6.thresholds[0]), Cancellation.none()));
    }

    /** Moving the threshold on the whole view: a different threshold every invocation. */
    @Benchmark
    public HeatmapImage thresholdRerender(Fc6 fc6, Warmed warmed, CpuClock clock) {
        double threshold = warmed.nextThreshold(fc6);
        return clock.time(() -> warmed.renderer.render(warmed.view, RenderOptions.defaults(),
                OptionalDouble.of(threshold), Cancellation.none()));
    }

    /** Moving the threshold zoomed 2× in: exact rescan of the visible quarter of the weights. */
    @Benchmark
    public HeatmapImage thresholdRerenderZoomedIn(Fc6 fc6, WarmedZoomedIn warmed, CpuClock clock) {
        double threshold = warmed.nextThreshold(fc6);
        return clock.time(() -> warmed.renderer.render(warmed.view, RenderOptions.defaults(),
                OptionalDouble.of(threshold), Cancellation.none()));
    }
}
