package dev.shears.eval;

import dev.shears.data.Examples;
import dev.shears.engine.InferenceEngine;
import dev.shears.io.ModelBackend;
import dev.shears.pruning.planning.AllocationSolver;
import dev.shears.pruning.planning.LatencyTable;
import dev.shears.pruning.planning.PreviewPlanner;
import dev.shears.pruning.planning.SensitivityCurves;
import dev.shears.pruning.recipes.PruningSpec;
import dev.shears.task.Cancellation;
import dev.shears.task.ProgressListener;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Times inference the way a latency budget needs it: on the engine Shears evaluates with (ONNX Runtime for
 * every model that converts, else DL4J), the physically smaller network of each plan, one batch of real
 * inputs run again and again.
 *
 * <p>One measurement: a few warm-up runs, then rounds of {@code n} runs where {@code n} is chosen so that a round
 * lasts about {@link Settings#roundMillis}; the median round's time per run is the answer. The median of rounds
 * resists the other work of a shared machine better than a mean; a round long enough to hold many runs keeps the
 * clock's resolution out of small networks' figures.
 */
public final class LatencyProbe {
    private LatencyProbe() {
    }

    /**
     * @param warmup      runs before timing (first runs allocate, and the JIT compiles the engine's Java side)
     * @param rounds      timed rounds, the median is kept
     * @param roundMillis how long a round should last
     */
    public record Settings(int warmup, int rounds, double roundMillis) {
        public static final Settings DEFAULT = new Settings(5, 7, 25);

        public Settings {
            if (warmup < 0 || rounds < 1 || !(roundMillis > 0)) {
                throw new IllegalArgumentException("warm-up ≥ 0, rounds ≥ 1, a round longer than 0 ms");
            }
        }
    }

    /** Time per run of {@code input} through {@code model}, in nanoseconds (see the class comment). */
    public static double nanosPerRun(ModelBackend model, Examples input, Settings settings, Cancellation cancellation)
            throws IOException {
        try (InferenceEngine engine = model.openEngine(input)) {
            for (int i = 0; i < settings.warmup(); i++) {
                engine.run(input);
            }
            int runs = runsPerRound(engine, input, settings);
            double[] perRun = new double[settings.rounds()];
            for (int r = 0; r < perRun.length; r++) {
                cancellation.throwIfCancelled();
                perRun[r] = round(engine, input, runs);
            }
            return median(perRun);
        }
    }

    /** Two medians taken side by side: the reference's and the candidate's time per run, in nanoseconds. */
    public record Pair(double referenceNanos, double candidateNanos) {
        /**
         * The candidate's time with the reference's measured as {@code referenceNanos}: the saving measured now,
         * taken from the reference time measured earlier, so that a busy spell of the machine moves both of a pair.
         */
        public double candidateBeside(double referenceNanos) {
            return Math.max(1, referenceNanos - (this.referenceNanos - candidateNanos));
        }
    }

    /**
     * Times {@code candidate} against {@code reference} with their rounds interleaved (reference, candidate,
     * reference, …), each median kept. Two networks timed one after the other can differ only because the
     * machine's other work came and went between them; interleaved rounds share every such spell.
     */
    public static Pair paired(ModelBackend reference, ModelBackend candidate, Examples input, Settings settings,
                              Cancellation cancellation) throws IOException {
        try (InferenceEngine ref = reference.openEngine(input); InferenceEngine cand = candidate.openEngine(input)) {
            for (int i = 0; i < settings.warmup(); i++) {
                ref.run(input);
                cand.run(input);
            }
            int refRuns = runsPerRound(ref, input, settings);
            int candRuns = runsPerRound(cand, input, settings);
            double[] refRounds = new double[settings.rounds()];
            double[] candRounds = new double[settings.rounds()];
            for (int r = 0; r < settings.rounds(); r++) {
                cancellation.throwIfCancelled();
                refRounds[r] = round(ref, input, refRuns);
                candRounds[r] = round(cand, input, candRuns);
            }
            return new Pair(median(refRounds), median(candRounds));
        }
    }

    private static int runsPerRound(InferenceEngine engine, Examples input, Settings settings) throws IOException {
        long one = System.nanoTime();
        engine.run(input);
        long single = Math.max(1, System.nanoTime() - one);
        return (int) Math.max(1, Math.min(100_000, Math.round(settings.roundMillis() * 1e6 / single)));
    }

    private static double round(InferenceEngine engine, Examples input, int runs) throws IOException {
        long start = System.nanoTime();
        for (int i = 0; i < runs; i++) {
            engine.run(input);
        }
        return (double) (System.nanoTime() - start) / runs;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /**
     * NetAdapt's look-up table for {@code curves}' groups: the unpruned time, then each group alone pruned at each
     * scanned share (by {@code base}'s criterion), each plan's smaller network timed, and the floor: every group at
     * its largest share.
     *
     * @param planner the unpruned model's planner (its criterion scores are reused)
     * @param base    a structured recipe with the criterion the scan was made with
     */
    public static LatencyTable table(ModelBackend unpruned, PreviewPlanner planner, PruningSpec base,
                                     SensitivityCurves curves, Examples input, Settings settings,
                                     ProgressListener progress, Cancellation cancellation) throws IOException {
        List<String> groups = List.copyOf(curves.curves().keySet());
        int total = 2 + groups.stream().mapToInt(g -> curves.levels(g).length - 1).sum();
        int done = 0;
        progress.progress(0, "timing the unpruned model");
        double unprunedNanos = nanosPerRun(unpruned, input, settings, cancellation);
        done++;
        Map<String, double[]> nanos = new LinkedHashMap<>();
        Map<String, Double> most = new LinkedHashMap<>();
        for (String group : groups) {
            double[] levels = curves.levels(group);
            most.put(group, levels[levels.length - 1]);
            double[] row = new double[levels.length - 1];
            for (int l = 1; l < levels.length; l++) {
                cancellation.throwIfCancelled();
                progress.progress((double) done / total, String.format(Locale.ROOT, "timing %s with %.0f %% of its"
                        + " channels removed, beside the unpruned model", group, 100 * levels[l]));
                PruningSpec one = AllocationSolver.withShares(base, Map.of(group, levels[l]), Optional.empty());
                // each saving is measured against the unpruned model timed in the same moments (rounds interleaved),
                // so a busy spell of the machine shifts both rather than the saving
                row[l - 1] = paired(unpruned, planner.forEvaluation(planner.plan(one)), input, settings, cancellation)
                        .candidateBeside(unprunedNanos);
                done++;
            }
            nanos.put(group, row);
        }
        progress.progress((double) done / total, "timing the network with every scanned group at its largest share");
        PruningSpec all = AllocationSolver.withShares(base, most, Optional.empty());
        double floor = paired(unpruned, planner.forEvaluation(planner.plan(all)), input, settings, cancellation)
                .candidateBeside(unprunedNanos);
        progress.progress(1, "timed " + total + " networks");
        return new LatencyTable(unprunedNanos, floor, nanos);
    }
}
