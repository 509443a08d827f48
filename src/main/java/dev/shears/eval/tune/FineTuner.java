package dev.shears.eval.tune;

import dev.shears.data.DataException;
import dev.shears.data.DataFit;
import dev.shears.data.DataRole;
import dev.shears.data.DataSets;
import dev.shears.data.DataSource;
import dev.shears.engine.Dl4jBatches;
import dev.shears.eval.EvaluationResult;
import dev.shears.eval.Evaluator;
import dev.shears.eval.Networks;
import dev.shears.pruning.plan.Plan;
import dev.shears.pruning.plan.TensorMask;
import dev.shears.pruning.plan.UnstructuredPlan;
import dev.shears.pruning.service.PruningResult;
import dev.shears.pruning.surgery.GraphCopies;
import dev.shears.task.Cancellation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.AbstractLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Retrains a pruned network so the surviving weights take over the removed ones' work: Adam (the
 * network's own updater) at a recovery rate, on the Fashion-MNIST training images, evaluating the
 * validation split after each epoch and keeping the best checkpoint. Works on a copy: the caller's
 * network is never changed. Weights zeroed by unstructured pruning are held at zero after every
 * step; a structured result is simply trained at its smaller shape. Cancelling returns the best
 * checkpoint so far rather than throwing.
 */
public final class FineTuner {
    /** Training-loss-only progress points are reported this often. */
    public static final int REPORT_EVERY_BATCHES = 10;

    private final DataSource train;
    private final DataSource validation;
    private final int classes;

    /** @param classes the network's number of outputs (labels are one-hot over them) */
    public FineTuner(DataSource train, DataSource validation, int classes) throws DataException {
        if (!train.labelled()) {
            throw new DataException("fine-tuning learns from labels, and " + train.name() + " has none");
        }
        if (train.fingerprint().equals(validation.fingerprint())) {
            throw new DataException("the training data is the validation data (" + train.name()
                    + "): fine-tuning on it would grade the result on examples it was trained on");
        }
        if (classes < 2) {
            throw new DataException("fine-tuning needs a classifier (one output per class)");
        }
        this.train = train;
        this.validation = validation;
        this.classes = classes;
    }

    /** The model's training and validation data, or a sentence saying which is missing or does not fit. */
    public static FineTuner of(DataSets data) throws DataException {
        int classes = DataFit.classes(data.graph());
        if (classes == 0) {
            throw new DataException("fine-tuning needs a classifier, and this model's output "
                    + data.graph().outputShape() + " is not one score per class");
        }
        return new FineTuner(data.require(DataRole.TRAIN, "Fine-tuning"),
                data.require(DataRole.VALIDATION, "Fine-tuning"), classes);
    }

    /** Training images one epoch of these settings visits. */
    public int imagesPerEpoch(FineTuneSettings settings) {
        return settings.trainImages() == 0 ? train.size() : Math.min(settings.trainImages(), train.size());
    }

    public DataSource validation() {
        return validation;
    }

    /** Fine-tunes a pruning result, holding its zeros when the plan is unstructured. */
    public FineTuneResult tune(PruningResult pruned, FineTuneSettings settings, FineTuneListener listener,
                               Cancellation cancellation) throws DataException {
        return tune(pruned.network(), heldMasks(pruned.plan()), settings, listener, cancellation);
    }

    /** The masks an unstructured plan asks to hold at zero; none for a structured plan. */
    public static List<TensorMask> heldMasks(Plan plan) {
        return plan instanceof UnstructuredPlan u ? u.masks() : List.of();
    }

    /**
     * Trains a copy of {@code network}, with the weights marked in {@code heldAtZero} fixed at zero.
     * Settings that distil need {@link #tune(Model, List, FineTuneSettings, Optional, FineTuneListener,
     * Cancellation)} with a teacher.
     *
     * @throws Cancellation.CancelledException only when cancelled before the input's validation
     *                                         accuracy is known: there is no checkpoint to return yet
     */
    public FineTuneResult tune(Model network, List<TensorMask> heldAtZero, FineTuneSettings settings,
                               FineTuneListener listener, Cancellation cancellation) throws DataException {
        return tune(network, heldAtZero, settings, Optional.empty(), listener, cancellation);
    }

    /**
     * Why {@code settings} cannot train {@code network}, as a sentence (no BatchNorm for a sparsity
     * penalty, no softmax output to distil into), or empty.
     */
    public static Optional<String> whyNot(Model network, FineTuneSettings settings) {
        if (settings.sparsityL1() > 0 && BatchNormScales.of(network).isEmpty()) {
            return Optional.of("the sparsity penalty of Network Slimming acts on BatchNorm scales, and this model"
                    + " has no BatchNorm layer with a trainable scale");
        }
        if (settings.distillation().isPresent()) {
            return DistilledOutput.whyNot(network);
        }
        return Optional.empty();
    }

    /**
     * Trains a copy of {@code network} as {@code settings} say; {@code teacher} (the unpruned model,
     * held unchanged) is required when the settings distil.
     *
     * @throws Cancellation.CancelledException only when cancelled before the input's validation
     *                                         accuracy is known: there is no checkpoint to return yet
     */
    public FineTuneResult tune(Model network, List<TensorMask> heldAtZero, FineTuneSettings settings,
                               Optional<Model> teacher, FineTuneListener listener, Cancellation cancellation)
            throws DataException {
        Optional<String> problem = whyNot(network, settings);
        if (problem.isPresent()) {
            throw new IllegalArgumentException(problem.get());
        }
        if (settings.distillation().isPresent() && teacher.isEmpty()) {
            throw new IllegalArgumentException("distillation needs the teacher network");
        }
        long start = System.nanoTime();
        Model copy = settings.reinit() ? FreshStart.of(network) : copy(network);
        // a copy of the teacher too: the caller's model may be read on another thread meanwhile
        Optional<Model> heldTeacher = settings.distillation().isPresent() ? teacher.map(FineTuner::copy)
                : Optional.empty();
        Optional<HeldZeros> zeros = HeldZeros.of(copy, heldAtZero);
        zeros.ifPresent(HeldZeros::apply);
        EvaluationResult baseline = validate(copy, cancellation);
        Run run = new Run(copy, zeros, settings, listener, cancellation, baseline);
        boolean cancelled = false;
        keepForwardPassForBackprop(copy, true);
        java.util.Collection<org.deeplearning4j.optimize.api.TrainingListener> listeners = listeners(copy);
        if (settings.sparsityL1() > 0) {
            addListener(copy, new SlimmingPenalty(copy, settings.sparsityL1()));
        }
        Optional<DistilledOutput> distilled = settings.distillation().map(d -> DistilledOutput.install(copy, d));
        try {
            run.epochs(heldTeacher, distilled.map(DistilledOutput::loss));
        } catch (Cancellation.CancelledException e) {
            cancelled = true;
        } finally {
            keepForwardPassForBackprop(copy, false);
            setListeners(copy, listeners);
            distilled.ifPresent(DistilledOutput::close);
        }
        copy.setParams(run.bestParams);
        return new FineTuneResult(copy, baseline, run.best, run.bestEpoch, run.history.size(), settings.epochs(),
                cancelled, run.history, settings, (System.nanoTime() - start) / 1e9);
    }

    private static java.util.Collection<org.deeplearning4j.optimize.api.TrainingListener> listeners(Model network) {
        java.util.Collection<org.deeplearning4j.optimize.api.TrainingListener> l =
                network instanceof MultiLayerNetwork mln ? mln.getListeners()
                        : network instanceof ComputationGraph graph ? graph.getListeners() : null;
        return l == null ? List.of() : new ArrayList<>(l);
    }

    private static void setListeners(Model network,
                                     java.util.Collection<org.deeplearning4j.optimize.api.TrainingListener> l) {
        network.setListeners(l);
    }

    private static void addListener(Model network, org.deeplearning4j.optimize.api.TrainingListener listener) {
        network.addListeners(listener);
    }

    private EvaluationResult validate(Model network, Cancellation cancellation) throws DataException {
        return Evaluator.evaluate(network, validation, Evaluator.DEFAULT_BATCH, e -> { }, cancellation).toResult();
    }

    /** The state of one fine-tuning run. */
    private final class Run {
        final Model network;
        final Optional<HeldZeros> zeros;
        final FineTuneSettings settings;
        final FineTuneListener listener;
        final Cancellation cancellation;
        final List<EpochRecord> history = new ArrayList<>();
        final int images;
        final int batches;
        INDArray bestParams;
        EvaluationResult best;
        int bestEpoch;

        Run(Model network, Optional<HeldZeros> zeros, FineTuneSettings settings, FineTuneListener listener,
            Cancellation cancellation, EvaluationResult baseline) {
            this.network = network;
            this.zeros = zeros;
            this.settings = settings;
            this.listener = listener;
            this.cancellation = cancellation;
            this.images = imagesPerEpoch(settings);
            this.batches = (images + settings.batchSize() - 1) / settings.batchSize();
            this.bestParams = network.params().dup();
            this.best = baseline;
            this.scales = BatchNormScales.of(network);
        }

        final List<BatchNormScales.Scale> scales;

        void epochs(Optional<Model> teacher, Optional<DistillationLoss> distillation) throws DataException {
            Random random = new Random(settings.seed());
            for (int epoch = 1; epoch <= settings.epochs(); epoch++) {
                long epochStart = System.nanoTime();
                double lr = settings.learningRateAt(epoch);
                Networks.setLearningRate(network, lr);
                int[] order = shuffled(images, random);
                double lossSum = 0;
                ValidationPoint last = null;
                for (int b = 0; b < batches; b++) {
                    cancellation.throwIfCancelled();
                    int from = b * settings.batchSize();
                    int[] indices = Arrays.copyOfRange(order, from, Math.min(images, from + settings.batchSize()));
                    org.nd4j.linalg.dataset.DataSet batch = Dl4jBatches.labelled(train.read(indices), classes);
                    if (distillation.isPresent()) {
                        distillation.get().teach(Networks.output(teacher.orElseThrow(), batch.getFeatures()));
                    }
                    Networks.fit(network, batch);
                    zeros.ifPresent(HeldZeros::apply);
                    lossSum += network.score();
                    int done = b + 1;
                    double loss = lossSum / done;
                    boolean lastBatch = done == batches;
                    if (!lastBatch && settings.validateEveryBatches() > 0 && done % settings.validateEveryBatches() == 0) {
                        last = checkpoint(epoch);
                        report(epoch, done, loss, Optional.of(last), false);
                    } else if (!lastBatch && done % REPORT_EVERY_BATCHES == 0) {
                        report(epoch, done, loss, Optional.empty(), false);
                    }
                }
                double trainLoss = batches == 0 ? Double.NaN : lossSum / batches;
                last = checkpoint(epoch);
                history.add(new EpochRecord(epoch, lr, trainLoss, last.accuracy(), last.loss(),
                        (System.nanoTime() - epochStart) / 1e9));
                report(epoch, batches, trainLoss, Optional.of(last), true);
            }
        }

        /** Evaluates the validation split and keeps the parameters if they are the best so far. */
        ValidationPoint checkpoint(int epoch) throws DataException {
            EvaluationResult v = validate(network, cancellation);
            if (v.accuracy() > best.accuracy() || settings.keepsLastEpoch()) {
                best = v;
                bestEpoch = epoch;
                bestParams = network.params().dup();
            }
            return ValidationPoint.of(v);
        }

        void report(int epoch, int batch, double loss, Optional<ValidationPoint> v, boolean epochEnd) {
            double fraction = settings.epochs() == 0 ? 1
                    : ((epoch - 1) + (double) batch / Math.max(1, batches)) / settings.epochs();
            Optional<GammaMagnitudes> gammas = scales.isEmpty() ? Optional.empty()
                    : Optional.of(BatchNormScales.magnitudes(scales));
            listener.onProgress(new FineTuneProgress(epoch, settings.epochs(), batch, batches, fraction, loss, v,
                    epochEnd, gammas));
        }
    }

    private static int[] shuffled(int n, Random random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /**
     * Whether DL4J's convolution layers keep the forward pass's im2col matrix and pre-activations
     * for the backward pass ({@link CacheMode#DEVICE}) instead of computing im2col a second time
     * (DL4J's default, {@link CacheMode#NONE}). Only the copy being trained is switched; the values
     * computed are the same, and the result is handed back with the configuration it came with
     * (cache mode NONE) and no cached arrays, which would otherwise point into a training workspace.
     * The configuration's mode matters too: DL4J opens the cache workspace only when it is set.
     */
    static void keepForwardPassForBackprop(Model network, boolean keep) {
        CacheMode mode = keep ? CacheMode.DEVICE : CacheMode.NONE;
        Layer[] layers;
        if (network instanceof MultiLayerNetwork mln) {
            mln.getLayerWiseConfigurations().setCacheMode(mode);
            mln.setCacheMode(mode);
            layers = mln.getLayers();
        } else if (network instanceof ComputationGraph graph) {
            graph.getConfiguration().setCacheMode(mode);
            graph.setCacheMode(mode);
            layers = graph.getLayers();
        } else {
            throw new IllegalArgumentException("unsupported network type " + network.getClass().getSimpleName());
        }
        if (!keep) {
            for (Layer layer : layers) {
                if (layer instanceof AbstractLayer<?> cached) {
                    cached.setPreOutput(null);
                }
            }
        }
    }

    /** A copy of the network for training to change (the caller's is never trained). */
    static Model copy(Model network) {
        if (network instanceof MultiLayerNetwork mln) {
            return mln.clone();
        }
        if (network instanceof ComputationGraph graph) {
            return GraphCopies.graph(graph);
        }
        throw new IllegalArgumentException("unsupported network type " + network.getClass().getSimpleName());
    }
}
