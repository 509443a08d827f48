package dev.shears.eval.tune;

import dev.shears.engine.Dl4jBatches;
import dev.shears.eval.Networks;
import dev.shears.io.DataSplit;
import dev.shears.io.FashionMnist;
import dev.shears.io.ModelLoader;
import dev.shears.io.SampleLocations;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Training steps of a sample (bn-cnn unless named) side by side in one JVM, alternating round by
 * round so that a shared machine's changing load falls on both alike: DL4J's defaults (the network
 * as loaded) and the network as {@link FineTuner} trains it. Prints images per second and CPU
 * milliseconds per image (all threads of the process; less sensitive to other processes than the
 * wall clock, though OpenMP's spin-waiting counts as CPU). Threads come from the environment
 * (OMP_NUM_THREADS; ND4J defaults to one per core). Run from the repository root:
 * <pre>
 * mvn -B -o -P bench -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp
 * java -Xmx2g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
 *     -cp target/test-classes:target/classes:$(cat target/bench.cp) dev.shears.eval.tune.TrainingStepBenchmark \
 *     [sample] [batch size] [batches per round] [rounds]
 * </pre>
 */
public final class TrainingStepBenchmark {
    private TrainingStepBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String sample = args.length > 0 ? args[0] : "bn-cnn";
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : FineTuneSettings.DEFAULT_BATCH_SIZE;
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        System.out.printf("%s, batch %d, %d steps per round, %d rounds; %d processors, ND4J threads %d, OpenBLAS"
                        + " threads %d, OMP_NUM_THREADS=%s%n", sample, batch, steps, rounds,
                Runtime.getRuntime().availableProcessors(), Nd4j.getEnvironment().maxThreads(),
                Nd4j.factory().blas().getMaxThreads(), System.getenv("OMP_NUM_THREADS"));
        Model loaded = ModelLoader.load(SampleLocations.sampleModel(sample)).network();
        Networks.setLearningRate(loaded, FineTuneSettings.DEFAULT_LEARNING_RATE);
        FashionMnist train = FashionMnist.load(SampleLocations.fashionMnistFolder(), DataSplit.TRAIN);
        int[] order = train.shuffledOrder(new Random(FineTuneSettings.DEFAULT_SEED));
        List<DataSet> batches = new ArrayList<>();
        for (int b = 0; b < steps; b++) {
            batches.add(Dl4jBatches.labelled(train.read(Arrays.copyOfRange(order, b * batch, (b + 1) * batch)),
                    FashionMnist.CLASSES));
        }
        Map<String, Model> networks = new LinkedHashMap<>();
        networks.put("DL4J defaults", FineTuner.copy(loaded));
        Model tuned = FineTuner.copy(loaded);
        FineTuner.keepForwardPassForBackprop(tuned, true);
        networks.put("as FineTuner trains", tuned);
        Map<String, List<double[]>> results = new LinkedHashMap<>();
        for (Model network : networks.values()) {
            Networks.fit(network, batches.get(0)); // workspaces sized, JIT warm
        }
        for (int round = 0; round < rounds; round++) {
            for (Map.Entry<String, Model> e : networks.entrySet()) {
                long cpu = processCpuNanos();
                long start = System.nanoTime();
                for (DataSet d : batches) {
                    Networks.fit(e.getValue(), d);
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                double cpuMs = (processCpuNanos() - cpu) / 1e6;
                int images = steps * batch;
                results.computeIfAbsent(e.getKey(), k -> new ArrayList<>())
                        .add(new double[] {images / seconds, cpuMs / images});
            }
        }
        results.forEach((name, runs) -> {
            double[] rates = runs.stream().mapToDouble(r -> r[0]).sorted().toArray();
            double[] cpu = runs.stream().mapToDouble(r -> r[1]).sorted().toArray();
            System.out.printf("%-20s median %6.0f images/s (rounds %s), %5.2f CPU-ms per image%n", name,
                    rates[rates.length / 2], Arrays.toString(Arrays.stream(rates).mapToLong(Math::round).toArray()),
                    cpu[cpu.length / 2]);
        });
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
