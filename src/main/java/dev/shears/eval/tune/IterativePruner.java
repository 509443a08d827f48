package dev.shears.eval.tune;

import dev.shears.analysis.DependencyAnalyzer;
import dev.shears.eval.EvaluationResult;
import dev.shears.eval.Evaluator;
import dev.shears.io.LoadedModel;
import dev.shears.io.NetworkGraphReader;
import dev.shears.model.ChannelGroup;
import dev.shears.model.NetworkGraph;
import dev.shears.pruning.Amount;
import dev.shears.pruning.PruningMode;
import dev.shears.pruning.PruningSpecException;
import dev.shears.pruning.Scope;
import dev.shears.pruning.criteria.Importance;
import dev.shears.pruning.plan.TensorMask;
import dev.shears.pruning.planning.Planner;
import dev.shears.pruning.recipes.LayerOverride;
import dev.shears.pruning.recipes.PruningSpec;
import dev.shears.pruning.reports.FineTuneSummary;
import dev.shears.pruning.reports.PruningReport;
import dev.shears.pruning.service.PruningResult;
import dev.shears.pruning.service.PruningService;
import dev.shears.task.Cancellation;
import dev.shears.task.ProgressListener;
import java.io.IOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.deeplearning4j.nn.api.Model;

/**
 * Prune → fine-tune cycles following an {@link AgpSchedule} towards the recipe's ratio (one step:
 * one-shot pruning, then fine-tuning). Each step runs the ordinary {@link PruningService} on the
 * previous step's fine-tuned network, so every step is planned, checked and reported as usual.
 * <ul>
 * <li>Unstructured: step t prunes to s_t of the weights the recipe covers, by the recipe's
 * criterion (global magnitude for {@code --global l1}). Masks accumulate: a weight once zeroed is
 * held at zero by fine-tuning and stays in every later mask.</li>
 * <li>Structured: step t keeps the fraction 1 − s_t of the ORIGINAL channels of the groups the
 * recipe prunes; on the already shrunk network that means removing 1 − (1 − s_t)·original/current
 * of the pooled channels (global), or, per layer, from each group what leaves the count one-shot
 * pruning to s_t would keep — so the last step keeps exactly what one-shot pruning keeps.</li>
 * </ul>
 * The input model is never changed. Cancelling returns the most recent step's best checkpoint.
 */
public final class IterativePruner {
    private final PruningService pruning;
    private final FineTuner tuner;

    public IterativePruner(PruningService pruning, FineTuner tuner) {
        this.pruning = pruning;
        this.tuner = tuner;
    }

    /**
     * @param spec    the target: its ratio is s_f (per-layer ratios scale alike for unstructured recipes)
     * @param steps   K; 1 prunes once
     * @param perStep fine-tuning of every step
     * @throws Cancellation.CancelledException only when cancelled before the first step has a result
     */
    public IterativeResult run(LoadedModel model, PruningSpec spec, int steps, FineTuneSettings perStep,
                               IterativeListener listener, Cancellation cancellation) throws IOException {
        AgpSchedule schedule = AgpSchedule.of(finalRatio(spec, steps), steps);
        checkIterable(spec, steps);
        listener.onProgress(new IterativeProgress(1, steps, schedule.sparsityAt(1), 0,
                "evaluating the original on the validation split", Optional.empty()));
        EvaluationResult original = Evaluator.evaluate(model.network(), tuner.validation(), Evaluator.DEFAULT_BATCH,
                e -> { }, cancellation).toResult();
        long originalPool = prunedPoolChannels(model.graph(), spec);
        Map<String, Integer> originalChannels = new LinkedHashMap<>();
        pooledGroups(model.graph(), spec).forEach(g -> originalChannels.put(g.producers().get(0), g.channels()));
        // distillation learns from the unpruned model in every step
        Optional<Model> teacher = perStep.distillation().isPresent() ? Optional.of(model.network()) : Optional.empty();
        List<IterativeResult.Step> done = new ArrayList<>();
        List<TensorMask> held = List.of();
        LoadedModel current = model;
        boolean cancelled = false;
        for (int t = 1; t <= steps; t++) {
            double target = schedule.sparsityAt(t);
            int step = t;
            ProgressListener pruneProgress = (f, message) -> listener.onProgress(new IterativeProgress(step, steps,
                    target, (step - 1 + 0.05 * Math.max(0, f)) / steps, message, Optional.empty()));
            PruningResult pruned;
            FineTuneResult tuned;
            try {
                PruningSpec stepSpec = steps == 1 ? spec : stepSpec(spec, schedule, t, current.graph(), originalPool,
                        originalChannels);
                pruned = pruning.run(current, stepSpec, pruneProgress, cancellation);
                List<TensorMask> masks = union(held, FineTuner.heldMasks(pruned.plan()));
                tuned = tuner.tune(pruned.network(), masks, perStep, teacher, p -> listener.onProgress(new IterativeProgress(
                        step, steps, target, (step - 1 + 0.05 + 0.95 * p.fraction()) / steps, p.describe(),
                        Optional.of(p))), cancellation);
                held = masks;
            } catch (Cancellation.CancelledException e) {
                if (done.isEmpty()) {
                    throw e;
                }
                cancelled = true;
                break;
            }
            double achieved = spec.mode() == PruningMode.UNSTRUCTURED ? prunedRatio(held)
                    : 1 - (double) prunedPoolChannels(NetworkGraphReader.read(pruned.network(), model.graph().input()),
                            spec) / originalPool;
            done.add(new IterativeResult.Step(t, target, achieved, pruned, tuned));
            if (tuned.cancelled()) {
                cancelled = true;
                break;
            }
            Model next = tuned.network();
            current = model.withNetwork(next, model.fileBytes());
        }
        IterativeResult.Step last = done.get(done.size() - 1);
        PruningReport report = PruningReport.chain(done.stream().map(s -> s.pruning().report()).toList(), spec)
                .withFineTune(summary(steps == 1 ? "oneshot" : "agp", perStep, original, done, cancelled));
        listener.onProgress(new IterativeProgress(last.step(), steps, last.targetRatio(), 1, "done", Optional.empty()));
        return new IterativeResult(last.tuning().network(), report, original, done, held, cancelled);
    }

    private static double finalRatio(PruningSpec spec, int steps) {
        if (spec.amount() instanceof Amount.Ratio r) {
            return r.value();
        }
        if (steps == 1) {
            return 0; // a threshold recipe pruned once: the schedule only labels the step
        }
        throw new PruningSpecException("threshold", "iterative pruning follows a ratio; a threshold works with"
                + " one-shot pruning only");
    }

    private static void checkIterable(PruningSpec spec, int steps) {
        if (steps == 1) {
            return;
        }
        for (Map.Entry<String, LayerOverride> e : spec.layers().entrySet()) {
            Optional<Amount> amount = e.getValue().amount();
            if (amount.isPresent() && (spec.mode() == PruningMode.STRUCTURED || !(amount.get() instanceof Amount.Ratio))) {
                throw new PruningSpecException("layers." + e.getKey(), spec.mode() == PruningMode.STRUCTURED
                        ? "iterative structured pruning follows the recipe's one ratio; per-layer amounts work"
                        + " with one-shot pruning" : "iterative pruning follows ratios, not thresholds");
            }
        }
    }

    /** The recipe with every ratio moved to step t of its own schedule. */
    private static PruningSpec stepSpec(PruningSpec spec, AgpSchedule schedule, int t, NetworkGraph current,
                                        long originalPool, Map<String, Integer> original) {
        double ratio;
        Map<String, LayerOverride> layers = new LinkedHashMap<>();
        if (spec.mode() == PruningMode.UNSTRUCTURED) {
            // same tensors every step, so the sparsity of the original is the sparsity asked for
            ratio = schedule.sparsityAt(t);
            spec.layers().forEach((name, o) -> layers.put(name, new LayerOverride(o.criterion(),
                    o.amount().map(a -> Amount.ratio(schedule.endingAt(((Amount.Ratio) a).value()).sparsityAt(t))),
                    o.minKeep(), o.roundTo())));
        } else if (spec.scope() == Scope.GLOBAL) {
            long pool = prunedPoolChannels(current, spec);
            ratio = pool == 0 ? 0 : Math.max(0, 1 - (1 - schedule.sparsityAt(t)) * originalPool / pool);
            layers.putAll(spec.layers());
        } else {
            // per layer: each group gets the ratio that leaves what one-shot pruning to s_t would keep
            ratio = 0;
            layers.putAll(spec.layers());
            for (ChannelGroup g : pooledGroups(current, spec)) {
                int keep = Planner.keptCount(original.get(g.producers().get(0)), schedule.sparsityAt(t),
                        spec.minKeep(), spec.roundTo());
                double groupRatio = Math.max(0, (double) (g.channels() - keep) / g.channels());
                String key = g.producers().stream().filter(spec.layers()::containsKey).findFirst()
                        .orElse(g.producers().get(0));
                LayerOverride own = spec.layers().getOrDefault(key, new LayerOverride(Optional.empty(),
                        Optional.empty(), Optional.empty(), Optional.empty()));
                layers.put(key, new LayerOverride(own.criterion(), Optional.of(Amount.ratio(groupRatio)),
                        own.minKeep(), own.roundTo()));
            }
        }
        // the same recipe with this step's amounts (importance included); a budget it was solved for is
        // the end's, not this step's, so the step's recipe does not note it. The cap applies to the model each
        // step prunes (see decision 0025 for what that means over K steps)
        return new PruningSpec(spec.version(), spec.mode(), spec.scope(), spec.criterion(), Amount.ratio(ratio),
                spec.minKeep(), spec.roundTo(), spec.seed(), spec.ignore(), layers, spec.importance(),
                Optional.empty(), spec.maxLayerRatio());
    }

    /** Channels of the groups the recipe's ratio applies to. */
    private static long prunedPoolChannels(NetworkGraph graph, PruningSpec spec) {
        return pooledGroups(graph, spec).stream().mapToLong(ChannelGroup::channels).sum();
    }

    /** The groups the recipe prunes: prunable, not ignored (surgery keeps layer names, so producers match). */
    private static List<ChannelGroup> pooledGroups(NetworkGraph graph, PruningSpec spec) {
        return DependencyAnalyzer.analyze(graph).groups().stream()
                .filter(ChannelGroup::prunable)
                .filter(g -> g.producers().stream().noneMatch(spec.ignore()::contains))
                .toList();
    }

    /** Per tensor, everything either list zeroes. */
    private static List<TensorMask> union(List<TensorMask> earlier, List<TensorMask> now) {
        Map<String, TensorMask> byTensor = new LinkedHashMap<>();
        for (TensorMask m : earlier) {
            byTensor.put(m.layer() + "/" + m.param(), m);
        }
        for (TensorMask m : now) {
            TensorMask before = byTensor.get(m.layer() + "/" + m.param());
            BitSet bits = m.pruned();
            if (before != null) {
                bits.or(before.pruned());
            }
            byTensor.put(m.layer() + "/" + m.param(), new TensorMask(m.layer(), m.param(), m.shape(), bits));
        }
        return List.copyOf(byTensor.values());
    }

    private static double prunedRatio(List<TensorMask> masks) {
        long size = masks.stream().mapToLong(TensorMask::size).sum();
        return size == 0 ? 0 : (double) masks.stream().mapToLong(TensorMask::prunedCount).sum() / size;
    }

    private FineTuneSummary summary(String schedule, FineTuneSettings settings, EvaluationResult original,
                                           List<IterativeResult.Step> steps, boolean cancelled) {
        List<FineTuneSummary.Step> out = new ArrayList<>();
        for (IterativeResult.Step s : steps) {
            FineTuneResult r = s.tuning();
            out.add(new FineTuneSummary.Step(s.step(), s.targetRatio(), s.achievedRatio(), r.baseline().accuracy(),
                    r.best().accuracy(), r.bestEpoch(), r.history().stream().map(e -> new FineTuneSummary.Epoch(
                    e.epoch(), e.learningRate(), e.trainLoss(), e.validationAccuracy(), e.validationLoss(),
                    e.seconds())).toList()));
        }
        FineTuneResult last = steps.get(steps.size() - 1).tuning();
        int images = tuner.imagesPerEpoch(settings);
        return new FineTuneSummary(schedule, settings.epochs(), settings.learningRate(), settings.batchSize(),
                images, original.accuracy(), last.best().accuracy(), cancelled, out, new FineTuneSummary.Objective(
                settings.sparsityL1(), settings.distillation().map(Distillation::temperature).orElse(0.0),
                settings.distillation().map(Distillation::alpha).orElse(0.0), settings.reinit()));
    }
}
