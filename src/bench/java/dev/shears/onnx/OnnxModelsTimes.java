package dev.shears.onnx;

import dev.shears.analysis.DependencyAnalyzer;
import dev.shears.data.Examples;
import dev.shears.engine.OrtEngine;
import dev.shears.model.ChannelGroups;
import dev.shears.model.TensorShape;
import dev.shears.pruning.Amount;
import dev.shears.pruning.criteria.L1Criterion;
import dev.shears.pruning.plan.PruningPlan;
import dev.shears.pruning.planning.Planner;
import dev.shears.pruning.planning.StructuredSettings;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * The torchvision exports (make_torchvision.py) timed phase by phase in wall-clock and process CPU
 * time — the CPU time says what a phase costs when the shared build machine's other work inflates the
 * wall clock: opening (read + graph), channel groups, planning 30 % of every group by L1, plan + surgery,
 * the first (cold) run and the best of five; then ONNX Runtime with one intra-op thread on batches of
 * sixteen 224 × 224 images of noise, exported, pruned 30 %, and pruned 30 % with widths rounded up to
 * multiples of 16 (ONNX Runtime's blocked convolution layout uses blocks of 16 with AVX-512).
 * Run from the repository root with the bench profile's class path:
 * <pre>
 * mvn -B -o -P bench -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp
 * java -Xmx3g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
 *     -cp target/test-classes:target/classes:$(cat target/bench.cp) dev.shears.onnx.OnnxModelsTimes
 * </pre>
 */
public final class OnnxModelsTimes {
    private static final int WARM_RUNS = 5;
    private static final int BATCH = 16;
    private static final int TIMED_BATCHES = 8;

    private OnnxModelsTimes() {
    }

    private record Time(double wallMs, double cpuMs) {
        @Override
        public String toString() {
            return String.format("%7.0f ms (%5.0f ms CPU)", wallMs, cpuMs);
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0) {
            System.setProperty("shears.torchvision", args[0]);
        }
        System.out.printf("%d processors, %d MB heap, load average %.1f%n", Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20, ManagementFactory.getOperatingSystemMXBean()
                        .getSystemLoadAverage());
        for (String name : new String[] {"resnet18", "mobilenet_v2"}) {
            Path file;
            try {
                file = TorchvisionFiles.require(name);
            } catch (IllegalStateException e) {
                System.out.println(e.getMessage());
                continue;
            }
            System.out.printf("%s (%,d bytes)%n", name, Files.size(file));
            phases(file);
            throughput(file);
        }
    }

    private static void phases(Path file) throws Exception {
        StructuredSettings settings = StructuredSettings.perGroup(new L1Criterion(), Amount.ratio(0.3));
        String[] names = {"read + graph", "channel groups", "plan 30 % L1", "plan + surgery"};
        Time[] cold = new Time[names.length];
        Time[] best = new Time[names.length];
        for (int run = 0; run <= WARM_RUNS; run++) {
            OnnxNetwork[] network = new OnnxNetwork[1];
            ChannelGroups[] groups = new ChannelGroups[1];
            Time[] times = {
                time(() -> network[0] = OnnxGraphReader.read(OnnxModel.read(file))),
                time(() -> groups[0] = DependencyAnalyzer.analyze(network[0].graph())),
                time(() -> Planner.plan(network[0].graph(), groups[0], new OnnxWeights(network[0]), settings)),
                time(() -> OnnxSurgeon.shrink(network[0], Planner.plan(network[0].graph(), groups[0],
                        new OnnxWeights(network[0]), settings))),
            };
            for (int i = 0; i < names.length; i++) {
                if (run == 0) {
                    cold[i] = times[i];
                } else if (best[i] == null || times[i].wallMs() < best[i].wallMs()) {
                    best[i] = times[i];
                }
            }
        }
        for (int i = 0; i < names.length; i++) {
            System.out.printf("  %-15s cold %s   best of %d %s%n", names[i], cold[i], WARM_RUNS, best[i]);
        }
    }

    private static void throughput(Path file) throws Exception {
        OnnxNetwork network = OnnxGraphReader.read(OnnxModel.read(file));
        ChannelGroups groups = DependencyAnalyzer.analyze(network.graph());
        StructuredSettings plain = StructuredSettings.perGroup(new L1Criterion(), Amount.ratio(0.3));
        StructuredSettings rounded = plain.withDefaults(plain.defaults().withRoundTo(16));
        PruningPlan plainPlan = Planner.plan(network.graph(), groups, new OnnxWeights(network), plain);
        PruningPlan roundedPlan = Planner.plan(network.graph(), groups, new OnnxWeights(network), rounded);
        rate("exported", network.model(), 1.0);
        rate("pruned 30 %", OnnxSurgeon.shrink(network, plainPlan), plainPlan.keptMacRatio());
        rate("pruned 30 %, widths ×16", OnnxSurgeon.shrink(network, roundedPlan), roundedPlan.keptMacRatio());
    }

    private static void rate(String what, OnnxModel model, double keptMacs) throws Exception {
        Examples batch = Examples.unlabelled(OnnxInference.gaussianInputs(model, BATCH, 1), BATCH,
                TensorShape.of(3, 224, 224));
        try (OrtEngine engine = new OrtEngine(model.toByteArray(), 1)) {
            engine.run(batch);
            engine.run(batch);
            Time t = time(() -> {
                for (int i = 0; i < TIMED_BATCHES; i++) {
                    engine.run(batch);
                }
                return null;
            });
            int images = TIMED_BATCHES * BATCH;
            System.out.printf("  ORT 1 thread, %-24s %5.1f %% of the MACs: %6.1f images/s (%6.1f images per CPU-second)%n",
                    what, 100 * keptMacs, images / (t.wallMs() / 1000), images / (t.cpuMs() / 1000));
        }
    }

    private static Time time(Callable<?> work) throws Exception {
        long wall = System.nanoTime();
        long cpu = processCpuNanos();
        work.call();
        return new Time((System.nanoTime() - wall) / 1e6, (processCpuNanos() - cpu) / 1e6);
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
