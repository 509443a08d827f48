package dev.shears.pruning.equivalence;

import dev.shears.data.Examples;
import dev.shears.engine.Dl4jBatches;
import dev.shears.engine.InferenceEngine;
import dev.shears.io.ModelBackend;
import dev.shears.pruning.surgery.NetworkLayers;
import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Proves a physically pruned network computes what the masked original computes: both run on the
 * same inputs and the largest absolute output difference is reported (float rounding gives ~1e-7; a
 * wrong slice gives ~1e-2 and more).
 *
 * <p>An untrained deep network can defeat this in two ways, for the masked original as much as for
 * the pruned network, and neither says anything about the pruning:
 * <ul>
 * <li>its outputs overflow (infinite or NaN, or so large that float rounding alone exceeds the
 *     tolerance): they are compared again on the inputs scaled down by powers of ten — convolutions,
 *     ReLUs, poolings and BatchNorms without a shift scale their outputs with their inputs — until the
 *     largest output is at most {@link #OUTPUT_BOUND}: large enough that a wrong slice still shows,
 *     small enough that rounding does not;</li>
 * <li>it amplifies float rounding (a chaotic random network: the same network in float and in double
 *     precision differs by 1e-4): DL4J networks are compared again in double precision, where the
 *     rounding is nine orders of magnitude smaller.</li>
 * </ul>
 * The {@link Equivalence} says which was done. When no method gives finite outputs the difference is
 * NaN, which passes no tolerance.
 */
public final class EquivalenceCheck {
    /** Inference in batches: one huge batch blew up to 8.5 GB here (docs/stack.md). */
    private static final int BATCH = 256;
    /** Outputs above this are compared on scaled inputs: float rounding alone (~6e-8 relative) would fail. */
    public static final double OVERFLOW = 1e4;
    /** Scaled inputs aim at outputs no larger than this. */
    public static final double OUTPUT_BOUND = 10;
    /** The smallest scales tried: inputs stay normal numbers (float from 1e-38, double from 1e-308). */
    static final int FLOAT_MAX_EXPONENT = 30;
    static final int DOUBLE_MAX_EXPONENT = 290;
    /** Forward passes of each network at most per precision, the first one included. */
    static final int MAX_RUNS = 10;
    /** Probabilities this close to 1 are pinned: a softmax or sigmoid whose inputs overflowed. */
    static final double SATURATED = 1 - 1e-3;

    private EquivalenceCheck() {
    }

    /**
     * The largest output difference, in float (scaled down when the outputs overflow).
     *
     * @param features examples along the first axis, in the form both networks take (flat 784-vectors, images)
     */
    public static Equivalence compare(Model a, Model b, INDArray features) {
        return inFloat(a, b, features).equivalence(Math.toIntExact(features.size(0)), Optional.empty());
    }

    /**
     * {@link #compare(Model, Model, INDArray)}, and in double precision when float does not prove the
     * networks equal: for a pruned network against its masked original, which are equal but for rounding.
     */
    public static Equivalence proveEqual(Model a, Model b, INDArray features) {
        int n = Math.toIntExact(features.size(0));
        Found found = inFloat(a, b, features);
        try {
            return passes(found) ? found.equivalence(n, Optional.empty()) : inDouble(a, b, features, found, n);
        } catch (IOException e) {
            throw new IllegalStateException("DL4J inference does not throw IOException", e);
        }
    }

    private static Found inFloat(Model a, Model b, INDArray features) {
        try {
            return search(dl4jPair(a, b, features), FLOAT_MAX_EXPONENT);
        } catch (IOException e) {
            throw new IllegalStateException("DL4J inference does not throw IOException", e);
        }
    }

    /**
     * The same measurement for models of any format, each run by its format's own runtime (DL4J, ONNX
     * Runtime): so a DL4J network and the ONNX file it was written as can be compared too.
     */
    public static Equivalence compare(ModelBackend a, ModelBackend b, Examples inputs) throws IOException {
        return inFloat(a, b, inputs).equivalence(inputs.count(), Optional.empty());
    }

    /**
     * {@link #compare(ModelBackend, ModelBackend, Examples)}, and for two DL4J networks in double
     * precision when float does not prove them equal: for a pruned model against its masked original.
     */
    public static Equivalence proveEqual(ModelBackend a, ModelBackend b, Examples inputs) throws IOException {
        Found inFloat = inFloat(a, b, inputs);
        Optional<Model> x = a.trainable();
        Optional<Model> y = b.trainable();
        if (passes(inFloat) || x.isEmpty() || y.isEmpty()) {
            return inFloat.equivalence(inputs.count(), Optional.empty());
        }
        return inDouble(x.get(), y.get(), Dl4jBatches.features(inputs), inFloat, inputs.count());
    }

    private static Found inFloat(ModelBackend a, ModelBackend b, Examples inputs) throws IOException {
        try (InferenceEngine left = a.referenceEngine(); InferenceEngine right = b.referenceEngine()) {
            return search(scale -> {
                Measure all = Measure.NONE;
                for (int from = 0; from < inputs.count(); from += BATCH) {
                    Examples batch = slice(inputs, from, Math.min(inputs.count(), from + BATCH));
                    Examples scaled = scale == 1 ? batch : scaled(batch, scale);
                    all = all.and(measure(doubles(left.run(scaled).values()), doubles(right.run(scaled).values())));
                }
                return all;
            }, FLOAT_MAX_EXPONENT);
        }
    }

    /** Float proved nothing: the same search in double precision, reported as such; float's figure when it fails too. */
    private static Equivalence inDouble(Model a, Model b, INDArray features, Found inFloat, int examples)
            throws IOException {
        Model da = toDouble(a);
        Model db = toDouble(b);
        Found found = search(dl4jPair(da, db, features.castTo(DataType.DOUBLE)), DOUBLE_MAX_EXPONENT);
        if (!found.measure().finite()) {
            return inFloat.equivalence(examples, Optional.empty());
        }
        return found.equivalence(examples, Optional.of(inFloat));
    }

    private static boolean passes(Found found) {
        return found.measure().finite() && found.measure().maxDifference() <= Equivalence.TOLERANCE;
    }

    private static Model toDouble(Model network) {
        if (network instanceof MultiLayerNetwork mln) {
            return mln.convertDataType(DataType.DOUBLE);
        }
        return ((ComputationGraph) network).convertDataType(DataType.DOUBLE);
    }

    private static Pair dl4jPair(Model a, Model b, INDArray features) {
        long n = features.size(0);
        return scale -> {
            Measure all = Measure.NONE;
            for (long from = 0; from < n; from += BATCH) {
                INDArrayIndex[] rows = new INDArrayIndex[features.rank()];
                Arrays.fill(rows, NDArrayIndex.all());
                rows[0] = NDArrayIndex.interval(from, Math.min(n, from + BATCH));
                INDArray batch = features.get(rows);
                INDArray scaled = scale == 1 ? batch : batch.mul(scale);
                all = all.and(measure(outputs(a, scaled), outputs(b, scaled)));
            }
            return all;
        };
    }

    /** Both networks' outputs at one input scale. */
    private interface Pair {
        Measure run(double scale) throws IOException;
    }

    /**
     * @param comparable the outputs have the same number of values
     * @param finite     all outputs of both are finite
     * @param largest    the largest |output| of either (finite ones)
     * @param unitRange  every finite output of both lies in [0, 1] (probabilities)
     */
    private record Measure(boolean comparable, boolean finite, double maxDifference, double largest,
                           boolean unitRange) {
        static final Measure NONE = new Measure(true, true, 0, 0, true);

        /** Over this batch and another. */
        Measure and(Measure other) {
            return new Measure(comparable && other.comparable, finite && other.finite,
                    Math.max(maxDifference, other.maxDifference), Math.max(largest, other.largest),
                    unitRange && other.unitRange);
        }

        boolean inRange(double bound) {
            return comparable && finite && largest <= bound;
        }

        /**
         * Probabilities pinned at 1 (a softmax of logits that were just short of overflowing): a wrong
         * slice rarely moves them, so they prove little.
         */
        boolean saturated() {
            return finite && unitRange && largest >= SATURATED;
        }
    }

    /**
     * The measurement a search settled on.
     *
     * @param exponent the inputs were scaled by 10^-exponent
     * @param direct   the measurement on the inputs as given
     */
    private record Found(Measure measure, int exponent, Measure direct) {
        Equivalence equivalence(int examples, Optional<Found> inFloat) {
            double scale = Math.pow(10, -exponent);
            if (!measure.finite()) {
                return new Equivalence(examples, Double.NaN, "not finite", scale, exponent == 0 ? ""
                        : String.format(Locale.ROOT, "the outputs are not finite even on the inputs scaled ×%.0e",
                        scale));
            }
            String scaled = exponent == 0 ? "" : String.format(Locale.ROOT, "on the inputs scaled ×%.0e, since on"
                    + " the inputs as given the outputs %s", scale, direct.finite()
                    ? String.format(Locale.ROOT, "reach %.1e, where float rounding alone exceeds the tolerance",
                    direct.largest()) : "are not finite (an untrained deep network overflows)")
                    + (measure.saturated() ? "; they stay pinned at 0 and 1 at every scale tried, so this proves"
                    + " little" : "");
            if (inFloat.isEmpty()) {
                return exponent == 0 ? new Equivalence(examples, measure.maxDifference())
                        : new Equivalence(examples, measure.maxDifference(), "scaled", scale, scaled);
            }
            Found f = inFloat.get();
            boolean rounding = measure.maxDifference() <= Equivalence.TOLERANCE;
            String why = f.measure().finite() ? String.format(Locale.ROOT, "in float they differ by %.2e%s%s",
                    f.measure().maxDifference(), f.exponent() == 0 ? "" : String.format(Locale.ROOT,
                            " on the inputs scaled ×%.0e", Math.pow(10, -f.exponent())),
                    rounding ? ": rounding, which this network amplifies" : "")
                    : "in float the outputs are not finite";
            return new Equivalence(examples, measure.maxDifference(), exponent == 0 ? "double precision"
                    : "double precision, scaled", scale, "in double precision" + (scaled.isEmpty() ? "" : " " + scaled)
                    + "; " + why);
        }
    }

    /**
     * On the inputs as given when the outputs are finite and below {@link #OVERFLOW}; otherwise on
     * inputs scaled by 10^-k, k growing 1, 2, 4, 8… while outputs are not finite, and jumping to the
     * scale that brings finite outputs to {@link #OUTPUT_BOUND} (exact for networks whose outputs scale
     * with their inputs).
     */
    private static Found search(Pair pair, int maxExponent) throws IOException {
        Measure direct = pair.run(1);
        if (!direct.comparable() || direct.inRange(OVERFLOW)) {
            return new Found(direct, 0, direct);
        }
        int exponent = 0;
        Measure current = direct;
        Found best = null;
        for (int run = 1; run < MAX_RUNS && exponent < maxExponent; run++) {
            int step = current.finite() ? Math.max(1, (int) Math.ceil(Math.log10(current.largest() / OUTPUT_BOUND)))
                    : Math.max(1, exponent);
            exponent = Math.min(maxExponent, exponent + step);
            current = pair.run(Math.pow(10, -exponent));
            if (current.inRange(OUTPUT_BOUND)) {
                Found found = new Found(current, exponent, direct);
                return current.saturated() ? unpinned(pair, found, maxExponent, MAX_RUNS - run - 1) : found;
            }
            if (current.comparable() && current.finite() && (best == null
                    || current.largest() < best.measure().largest())) {
                best = new Found(current, exponent, direct);
            }
        }
        if (best != null) {
            return best;
        }
        return direct.finite() ? new Found(direct, 0, direct) : new Found(current, exponent, direct);
    }

    /**
     * Saturated probabilities on scaled inputs: the smallest further scale, found by bisection of the
     * exponent, at which they are no longer pinned (the logits behind them shrink with the inputs);
     * the saturated measurement when the runs run out first.
     */
    private static Found unpinned(Pair pair, Found saturated, int maxExponent, int runs) throws IOException {
        int pinned = saturated.exponent();
        int free = maxExponent + 1;
        Found best = saturated;
        for (int run = 0; run < runs && free - pinned > 1; run++) {
            int middle = pinned + (Math.min(free, maxExponent + 1) - pinned) / 2;
            middle = Math.min(middle, maxExponent);
            Measure m = pair.run(Math.pow(10, -middle));
            if (m.inRange(OUTPUT_BOUND) && !m.saturated()) {
                free = middle;
                best = new Found(m, middle, saturated.direct());
            } else {
                pinned = middle;
            }
        }
        return best;
    }

    private static Measure measure(double[] x, double[] y) {
        if (x.length != y.length) {
            return new Measure(false, false, Double.NaN, Double.NaN, false);
        }
        double max = 0;
        double largest = 0;
        boolean finite = true;
        boolean unit = true;
        for (int i = 0; i < x.length; i++) {
            if (!Double.isFinite(x[i]) || !Double.isFinite(y[i])) {
                finite = false;
                continue;
            }
            max = Math.max(max, Math.abs(x[i] - y[i]));
            largest = Math.max(largest, Math.max(Math.abs(x[i]), Math.abs(y[i])));
            unit &= inUnitRange(x[i]) && inUnitRange(y[i]);
        }
        return new Measure(true, finite, finite ? max : Double.NaN, largest, unit);
    }

    /** A probability, give or take float rounding (a float softmax can sum to 1.0000001). */
    private static boolean inUnitRange(double p) {
        return p >= -1e-6 && p <= 1 + 1e-6;
    }

    /** In the network's own precision, as doubles (a float network's outputs convert exactly). */
    private static double[] outputs(Model network, INDArray batch) {
        return NetworkLayers.output(network, batch).castTo(DataType.DOUBLE).dup('c').data().asDouble();
    }

    private static double[] doubles(float[] values) {
        double[] d = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            d[i] = values[i];
        }
        return d;
    }

    private static Examples scaled(Examples inputs, double scale) {
        float[] features = inputs.features().clone();
        for (int i = 0; i < features.length; i++) {
            features[i] = (float) (features[i] * scale);
        }
        return new Examples(features, inputs.count(), inputs.exampleShape(), inputs.labels());
    }

    private static Examples slice(Examples all, int from, int to) {
        if (from == 0 && to == all.count()) {
            return all;
        }
        int per = Math.toIntExact(all.exampleShape().elements());
        float[] features = Arrays.copyOfRange(all.features(), from * per, to * per);
        return Examples.unlabelled(features, to - from, all.exampleShape());
    }
}
