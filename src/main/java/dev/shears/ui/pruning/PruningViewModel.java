package dev.shears.ui.pruning;

import dev.shears.analysis.Coupling;
import dev.shears.analysis.Formats;
import dev.shears.data.DataFit;
import dev.shears.data.DataRole;
import dev.shears.data.DataSets;
import dev.shears.data.DataSource;
import dev.shears.data.RandomInputs;
import dev.shears.engine.Dl4jBatches;
import dev.shears.errors.Logs;
import dev.shears.errors.UserMessages;
import dev.shears.eval.AccuracyEstimate;
import dev.shears.eval.AgreementEstimate;
import dev.shears.eval.EvaluationResult;
import dev.shears.eval.Evaluator;
import dev.shears.eval.PreviewMeasure;
import dev.shears.io.LoadedModel;
import dev.shears.model.ChannelGroup;
import dev.shears.model.LayerNode;
import dev.shears.pruning.Amount;
import dev.shears.pruning.CriterionName;
import dev.shears.pruning.PruningMode;
import dev.shears.pruning.PruningSpecException;
import dev.shears.pruning.Scope;
import dev.shears.pruning.criteria.Importance;
import dev.shears.pruning.criteria.MeasuredCriteria;
import dev.shears.pruning.impact.Budget;
import dev.shears.pruning.impact.Impact;
import dev.shears.pruning.impact.ModelSizes;
import dev.shears.pruning.plan.Plan;
import dev.shears.pruning.planning.PreviewPlanner;
import dev.shears.pruning.recipes.LayerOverride;
import dev.shears.pruning.recipes.PruningSpec;
import dev.shears.pruning.service.BatchNormReestimation;
import dev.shears.pruning.service.PruningResult;
import dev.shears.pruning.service.PruningService;
import dev.shears.task.Cancellation;
import dev.shears.task.ProgressListener;
import dev.shears.ui.shell.HistoryStep;
import dev.shears.ui.shell.MainViewModel;
import dev.shears.ui.shell.UserMessage;
import dev.shears.ui.task.Lane;
import dev.shears.ui.task.TaskRunner;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javafx.application.Platform;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.MapChangeListener;
import javafx.collections.ObservableMap;
import org.nd4j.linalg.dataset.DataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * State of the pruning panel: the user's choice (mode, criterion, target, ratio, per-layer
 * overrides) as a {@link PruningSpec}, its live impact (counts only, computed on the FX thread in
 * microseconds), a progressive accuracy preview of the masked model on the validation split (in
 * the background, latest wins), the unpruned baseline beside it, and Apply, which makes the pruned
 * network the current model through {@link MainViewModel#pushStep}. The opened file is never written.
 */
public final class PruningViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(PruningViewModel.class);
    /** What the ratio applies to. */
    public enum Target {
        GLOBAL("All layers, one ranking"),
        EVERY_LAYER("Every layer, same share"),
        SELECTED_LAYER("Selected layer only");

        private final String label;

        Target(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    static final String PREPARE_TASK = "prune-prepare";
    static final String APPLY_TASK = "apply-pruning";
    static final String IMPACT_TASK = "slow-impact";
    static final String BUDGET_TASK = "reach-budget";
    static final int PREVIEW_BATCH = Evaluator.PREVIEW_BATCH;
    static final int TAYLOR_IMAGES = 256;
    static final double MAX_RATIO = 0.95;
    static final double CHANNEL_THRESHOLD_MAX = 3;
    /** An accuracy lost beyond this (in points of a share, 0.2 = 20 points) in one shot asks for retraining. */
    static final double COLLAPSE = 0.2;
    static final String NO_BATCH_NORM = "This model has no BatchNorm layer: nothing to re-estimate.";
    static final String NEEDS_TRAINING_DATA = "Refitting layers or re-estimating BatchNorm needs training data:"
            + " choose it in File ▸ Data….";
    static final String ONLY_CHANNELS = "Zeroed weights are kept as they are: a refit would fill them in again."
            + " Remove channels to refit.";

    private final TaskRunner runner;
    private final MainViewModel main;
    private final ObjectProperty<PruningMode> mode = new SimpleObjectProperty<>(this, "mode", PruningMode.STRUCTURED);
    private final ObjectProperty<CriterionName> criterion = new SimpleObjectProperty<>(this, "criterion",
            CriterionName.L1);
    private final ObjectProperty<Target> target = new SimpleObjectProperty<>(this, "target", Target.GLOBAL);
    private final ObjectProperty<Importance> importance = new SimpleObjectProperty<>(this, "importance",
            Importance.PRODUCER);
    private final DoubleProperty ratio = new SimpleDoubleProperty(this, "ratio", 0);
    private final DoubleProperty maxLayerRatio = new SimpleDoubleProperty(this, "maxLayerRatio",
            PruningSpec.DEFAULT_MAX_LAYER_RATIO);
    private final ReadOnlyStringWrapper layerLimits = new ReadOnlyStringWrapper(this, "layerLimits", "");
    private final ReadOnlyStringWrapper accuracyAdvice = new ReadOnlyStringWrapper(this, "accuracyAdvice", "");
    /** Never null: a choice box whose items change clears its value for a moment, which must not reach the spec. */
    private final ObjectProperty<Recovery> recovery = new SimpleObjectProperty<>(this, "recovery", Recovery.REFIT) {
        @Override
        public void set(Recovery r) {
            super.set(r == null ? get() : r);
        }
    };
    private final javafx.collections.ObservableList<Recovery> recoveries =
            javafx.collections.FXCollections.observableArrayList(Recovery.REFIT, Recovery.NONE);
    private final ReadOnlyStringWrapper whyNoRecovery = new ReadOnlyStringWrapper(this, "whyNoRecovery",
            NEEDS_TRAINING_DATA);
    /** The file of the model last opened (not a step of it): a new file gets its default importance. */
    private java.nio.file.Path openedFile;
    private final javafx.beans.property.BooleanProperty byThreshold =
            new javafx.beans.property.SimpleBooleanProperty(this, "byThreshold", false);
    private final DoubleProperty threshold = new SimpleDoubleProperty(this, "threshold", 0);
    private final ReadOnlyObjectWrapper<Double> thresholdMax = new ReadOnlyObjectWrapper<>(this, "thresholdMax", 1.0);
    private final ObservableMap<String, Double> overrides = FXCollections.observableMap(new LinkedHashMap<>());
    private final ObjectProperty<LayerNode> selectedLayer = new SimpleObjectProperty<>(this, "selectedLayer");

    /** Stands in for every criterion when a recipe is only checked, so that checking never scores. */
    private static final dev.shears.pruning.criteria.Criterion NAMES_ONLY = new dev.shears.pruning.criteria.Criterion() {
        @Override
        public String name() {
            return "names-only";
        }

        @Override
        public double[] score(ChannelGroup group, dev.shears.pruning.Weights weights) {
            throw new IllegalStateException("a recipe check never scores");
        }
    };

    private final ReadOnlyObjectWrapper<PreviewPlanner> planner = new ReadOnlyObjectWrapper<>(this, "planner");
    private final ReadOnlyObjectWrapper<PruningSpec> spec = new ReadOnlyObjectWrapper<>(this, "spec");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem", "");
    private final ReadOnlyObjectWrapper<Impact> impact = new ReadOnlyObjectWrapper<>(this, "impact");
    private final ReadOnlyObjectWrapper<ModelSizes> sizes = new ReadOnlyObjectWrapper<>(this, "sizes");
    private final ReadOnlyObjectWrapper<Map<String, Double>> keptShares = new ReadOnlyObjectWrapper<>(this,
            "keptShares", Map.of());
    private final ReadOnlyObjectWrapper<Set<String>> coupled = new ReadOnlyObjectWrapper<>(this, "coupled", Set.of());
    private final ReadOnlyStringWrapper coupling = new ReadOnlyStringWrapper(this, "coupling", "");
    private final ReadOnlyBooleanWrapper applying = new ReadOnlyBooleanWrapper(this, "applying");
    private final AccuracyPreview accuracy;
    private boolean syncingRatio;
    /** Set while several inputs change as one ({@link #useAllocation}): one update at the end, not one per input. */
    private boolean batching;
    /** The cancellation of the scoring task running now: Taylor measurement polls it. */
    private volatile Cancellation scoring = Cancellation.none();

    /** Previews and Apply measure on the opened model's validation data ({@link MainViewModel#dataProperty()}). */
    public PruningViewModel(TaskRunner runner, MainViewModel main) {
        this.runner = runner;
        this.main = main;
        this.accuracy = new AccuracyPreview(runner, main);
        main.modelProperty().addListener((obs, old, m) -> modelChanged(m));
        main.dataProperty().addListener((obs, old, d) -> dataChanged(d));
        mode.addListener((obs, old, m) -> {
            if (m == PruningMode.UNSTRUCTURED && !criterion.get().elementWise()) {
                criterion.set(CriterionName.L1);
            }
            overrides.clear();
            update();
        });
        criterion.addListener((obs, old, c) -> {
            if (importance.get().refuses(c).isPresent()) {
                importance.set(Importance.PRODUCER); // random scores no tensor to combine
            }
            update();
        });
        importance.addListener((obs, old, i) -> update());
        byThreshold.addListener((obs, old, b) -> update());
        threshold.addListener((obs, old, t) -> update());
        mode.addListener((obs, old, m) -> updateThresholdRange());
        main.modelProperty().addListener((obs, old, m) -> updateThresholdRange());
        target.addListener((obs, old, t) -> {
            if (t == Target.SELECTED_LAYER) {
                syncRatioToSelection();
            }
            update();
        });
        ratio.addListener((obs, old, r) -> {
            if (syncingRatio) {
                return;
            }
            LayerNode layer = selectedLayer.get();
            if (target.get() == Target.SELECTED_LAYER && layer != null) {
                Optional<String> refused = setKeep(layer.name(), 1 - r.doubleValue());
                refused.ifPresent(reason -> {
                    problem.set(layer.name() + ": " + reason);
                    Platform.runLater(this::syncRatioToSelection);
                });
            } else {
                update();
            }
        });
        overrides.addListener((MapChangeListener<String, Double>) c -> update());
        maxLayerRatio.addListener((obs, old, c) -> update());
        recovery.addListener((obs, old, c) -> update());
        mode.addListener((obs, old, c) -> updateRecovery());
        whyNoRecovery.addListener((obs, old, c) -> update());
        selectedLayer.addListener((obs, old, layer) -> {
            describeCoupling();
            if (target.get() == Target.SELECTED_LAYER) {
                syncRatioToSelection();
            }
        });
        accuracy.estimateProperty().addListener((obs, old, e) -> adviseOnAccuracy());
        accuracy.baselineProperty().addListener((obs, old, e) -> adviseOnAccuracy());
        modelChanged(main.modelProperty().get());
    }

    // ---- inputs ----

    public ObjectProperty<PruningMode> modeProperty() {
        return mode;
    }

    public ObjectProperty<CriterionName> criterionProperty() {
        return criterion;
    }

    public ObjectProperty<Target> targetProperty() {
        return target;
    }

    /** Channels only: which tensors of a channel group score its channels. */
    public ObjectProperty<Importance> importanceProperty() {
        return importance;
    }

    /** Fraction of channels (structured) or weights (unstructured) to remove, in [0, {@value #MAX_RATIO}]. */
    public DoubleProperty ratioProperty() {
        return ratio;
    }

    /**
     * Channels, one ranking: the largest share of one layer's channels the ranking may remove, in (0, 1]
     * (1: no cap); starts at {@link PruningSpec#DEFAULT_MAX_LAYER_RATIO}.
     */
    public DoubleProperty maxLayerRatioProperty() {
        return maxLayerRatio;
    }

    /**
     * What follows removing channels, in the preview and in Apply: refit the layers (the default), re-estimate
     * BatchNorm statistics, or nothing; used only where {@link #whyNoRecoveryProperty()} is empty.
     */
    public ObjectProperty<Recovery> recoveryProperty() {
        return recovery;
    }

    /** The recoveries this model offers: re-estimating BatchNorm only with a BatchNorm layer. */
    public javafx.collections.ObservableList<Recovery> recoveries() {
        return javafx.collections.FXCollections.unmodifiableObservableList(recoveries);
    }

    /**
     * When the whole preview has lost more than {@link #COLLAPSE} of the unpruned accuracy: that a cut this
     * large in one shot needs retraining, in a sentence; empty otherwise.
     */
    public ReadOnlyStringProperty accuracyAdviceProperty() {
        return accuracyAdvice.getReadOnlyProperty();
    }

    private void adviseOnAccuracy() {
        AccuracyEstimate e = accuracy.estimateProperty().get();
        AccuracyEstimate b = accuracy.baselineProperty().get();
        LoadedModel m = main.modelProperty().get();
        accuracyAdvice.set(e == null || b == null || m == null ? ""
                : advice(b.accuracy() - e.accuracy(), e.complete(), m.backend().whyNotTrainable().isEmpty()));
    }

    /** What to say about an accuracy {@code lost} (a share) by the preview. */
    static String advice(double lost, boolean complete, boolean trainable) {
        if (!complete || !(lost > COLLAPSE)) {
            return "";
        }
        return String.format(java.util.Locale.ROOT, "Accuracy falls by %.0f points: cutting this much at once needs"
                + " retraining (%s).", 100 * lost, trainable ? "Fine-tune…, or remove less"
                : "remove less, or fine-tune where the model was trained");
    }

    /** Why nothing can follow the pruning for this model, data and mode, in a sentence; empty when it can. */
    public ReadOnlyStringProperty whyNoRecoveryProperty() {
        return whyNoRecovery.getReadOnlyProperty();
    }

    /**
     * Which layers the current choice holds at the cap or leaves nearly empty, as the panel says it
     * ({@link dev.shears.pruning.impact.LayerLimits}); empty when none.
     */
    public ReadOnlyStringProperty layerLimitsProperty() {
        return layerLimits.getReadOnlyProperty();
    }

    /** Whether the amount is a threshold instead of a share: |w| for weights, × the layer's mean score for channels. */
    public javafx.beans.property.BooleanProperty byThresholdProperty() {
        return byThreshold;
    }

    public DoubleProperty thresholdProperty() {
        return threshold;
    }

    /** A sensible top of the threshold slider: the largest |w| (weights) or 3 × a layer's mean score (channels). */
    public ReadOnlyObjectProperty<Double> thresholdMaxProperty() {
        return thresholdMax.getReadOnlyProperty();
    }

    private void updateThresholdRange() {
        LoadedModel m = main.modelProperty().get();
        double max = CHANNEL_THRESHOLD_MAX;
        if (mode.get() == PruningMode.UNSTRUCTURED && m != null) {
            max = m.graph().nodes().stream().flatMap(n -> n.params().stream()).filter(p -> p.isWeight())
                    .mapToDouble(p -> Math.max(Math.abs(p.stats().min()), Math.abs(p.stats().max()))).max().orElse(1);
        }
        thresholdMax.set(max);
        if (threshold.get() > max) {
            threshold.set(max);
        }
    }

    public ObservableMap<String, Double> overrides() {
        return overrides;
    }

    public ObjectProperty<LayerNode> selectedLayerProperty() {
        return selectedLayer;
    }

    /**
     * Sets a layer's share to keep (the tree's Keep % column), or clears its override with NaN. An
     * override the recipe cannot take (e.g. a BatchNorm in structured mode) is refused with a reason.
     */
    public Optional<String> setKeep(String layer, double keep) {
        if (Double.isNaN(keep)) {
            overrides.remove(layer);
            return Optional.empty();
        }
        double removed = 1 - keep;
        if (!(removed >= 0 && removed <= MAX_RATIO)) {
            return Optional.of(String.format("Keep between %.0f %% and 100 %%.", 100 * (1 - MAX_RATIO)));
        }
        Map<String, Double> trial = new LinkedHashMap<>(overrides);
        trial.put(layer, removed);
        PreviewPlanner p = planner.get();
        if (p != null) {
            try {
                checkResolvable(p, build(trial));
            } catch (RuntimeException e) {
                return Optional.of(sentence(e, "checking the layer's share"));
            }
        }
        overrides.put(layer, removed);
        return Optional.empty();
    }

    // ---- outputs ----

    public ReadOnlyObjectProperty<PruningSpec> specProperty() {
        return spec.getReadOnlyProperty();
    }

    /** Why the current choice cannot be applied, or empty. */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Impact> impactProperty() {
        return impact.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<ModelSizes> sizesProperty() {
        return sizes.getReadOnlyProperty();
    }

    /** Per layer with weights: the share of output channels (structured) or weights (unstructured) it keeps. */
    public ReadOnlyObjectProperty<Map<String, Double>> keptSharesProperty() {
        return keptShares.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<AccuracyEstimate> previewProperty() {
        return accuracy.estimateProperty();
    }

    /** The exact plan behind the preview (computed in the background); null while it is being made. */
    public ReadOnlyObjectProperty<Plan> previewPlanProperty() {
        return accuracy.planProperty();
    }

    /**
     * Without labelled data (or for a model whose outputs are not class scores): how closely the
     * pruned model follows the unpruned one, on the unlabelled validation inputs or on random inputs.
     */
    public ReadOnlyObjectProperty<AgreementEstimate> agreementProperty() {
        return accuracy.agreementProperty();
    }

    /** What the agreement is measured on ("random inputs: says nothing about accuracy" when there is no data). */
    public ReadOnlyStringProperty agreementDataProperty() {
        return accuracy.agreementDataProperty();
    }

    public ReadOnlyObjectProperty<AccuracyEstimate> baselineProperty() {
        return accuracy.baselineProperty();
    }

    public ReadOnlyStringProperty previewStatusProperty() {
        return accuracy.statusProperty();
    }

    /** The layers whose channels go together with the selected layer's (its channel groups). */
    public ReadOnlyObjectProperty<Set<String>> coupledProperty() {
        return coupled.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty couplingProperty() {
        return coupling.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty applyingProperty() {
        return applying.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<PreviewPlanner> plannerProperty() {
        return planner.getReadOnlyProperty();
    }

    // ---- work ----

    private void updateRecovery() {
        LoadedModel m = main.modelProperty().get();
        DataSets d = main.dataProperty().get();
        boolean batchNorm = m != null && BatchNormReestimation.applies(m.backend());
        List<Recovery> offered = batchNorm ? List.of(Recovery.REFIT, Recovery.BATCH_NORM, Recovery.NONE)
                : List.of(Recovery.REFIT, Recovery.NONE);
        if (!recoveries.equals(offered)) {
            Recovery chosen = recovery.get();
            recoveries.setAll(offered);
            recovery.set(offered.contains(chosen) ? chosen : Recovery.REFIT);
        }
        whyNoRecovery.set(mode.get() != PruningMode.STRUCTURED ? ONLY_CHANNELS
                : d == null || !d.has(DataRole.TRAIN) ? NEEDS_TRAINING_DATA : "");
    }

    private void modelChanged(LoadedModel m) {
        updateRecovery();
        if (m != null && !m.file().equals(openedFile)) {
            openedFile = m.file();
            importance.set(defaultImportance(m));
        }
        planner.set(null);
        impact.set(null);
        layerLimits.set("");
        sizes.set(null);
        accuracy.reset();
        keptShares.set(Map.of());
        overrides.clear();
        if (m == null) {
            return;
        }
        runner.submit(Lane.PREVIEW, PREPARE_TASK, "Analysing channel groups…", false, (progress, cancellation) -> {
            PreviewPlanner p = new PreviewPlanner(m.backend(), name -> measured(name, m, scoring));
            p.prepare(PruningMode.STRUCTURED, CriterionName.L1);
            return p;
        }, p -> {
            if (main.modelProperty().get() == m) {
                planner.set(p);
                describeCoupling();
                update();
            }
        }, error -> problem.set(UserMessages.describe(error, "analysing the model's channel groups")));
        accuracy.measureBaseline(m);
    }

    /**
     * What a newly opened model's channels are scored by: with BatchNorm layers, the mean over the channel's
     * whole group (its BatchNorm's γ carries the channel's scale, which the convolution's weights alone miss;
     * measured in decision 0032), else the producer's weights as the criterion defines them.
     */
    static Importance defaultImportance(LoadedModel m) {
        return BatchNormReestimation.applies(m.backend()) ? Importance.GROUP_MEAN : Importance.PRODUCER;
    }

    /** The model's data changed (File ▸ Data…, or a model opened with --data): new baseline and preview. */
    private void dataChanged(DataSets d) {
        updateRecovery();
        LoadedModel m = main.modelProperty().get();
        // a newly opened model's data arrives just before the model itself: modelChanged measures that one
        if (m == null || d == null || main.history().isEmpty() || main.history().get(0).graph() != d.graph()
                || main.history().stream().noneMatch(step -> step.stored().ifInMemory().orElse(null) == m)) {
            return;
        }
        accuracy.measureBaseline(m);
        if (planner.get() != null) {
            update();
        }
    }

    /** Rebuilds the spec and its impact; schedules a new accuracy preview (the running one is cancelled). */
    private void update() {
        if (batching) {
            return;
        }
        PreviewPlanner p = planner.get();
        PruningSpec s;
        try {
            s = build(overrides);
            if (p != null) {
                checkResolvable(p, s);
            }
        } catch (RuntimeException e) {
            spec.set(null);
            problem.set(sentence(e, "checking the pruning choice"));
            accuracy.cancel();
            return;
        }
        spec.set(s);
        problem.set(target.get() == Target.SELECTED_LAYER && overrides.isEmpty()
                ? "Select a conv or dense layer in the tree, then set its ratio." : "");
        if (p == null) {
            return;
        }
        if (p.isFast(s)) {
            showImpact(p, s);
            schedulePreview(p, s);
        } else if (p.isPrepared(s.mode(), s.criterion())) {
            // e.g. random weights: exact counts need a real plan, so they are computed off the FX thread
            runner.submit(Lane.PREVIEW, IMPACT_TASK, "", false, (progress, cancellation) -> p.impact(s), i -> {
                if (spec.get() == s) {
                    showImpact(p, s, i);
                    schedulePreview(p, s);
                }
            }, error -> problem.set(UserMessages.describe(error, "computing the impact")));
        } else {
            impact.set(null);
            layerLimits.set("");
            sizes.set(null);
            keptShares.set(Map.of());
            accuracy.cancel();
            accuracy.setStatus("Scoring " + s.criterion().jsonName() + "…");
            runner.submit(Lane.PREVIEW, PREPARE_TASK, "Scoring channels (" + s.criterion().jsonName() + ")…", true,
                    (progress, cancellation) -> {
                        scoring = cancellation;
                        p.prepare(s.mode(), s.criterion());
                        return p;
                    }, ready -> {
                        if (planner.get() == ready) {
                            update();
                        }
                    }, error -> {
                        problem.set(UserMessages.describe(error, "scoring channels with " + s.criterion().jsonName()));
                        accuracy.setStatus("");
                    });
        }
    }

    private void showImpact(PreviewPlanner p, PruningSpec s) {
        try {
            showImpact(p, s, p.impact(s));
        } catch (RuntimeException e) {
            problem.set(sentence(e, "computing the impact"));
        }
    }

    private void showImpact(PreviewPlanner p, PruningSpec s, Impact i) {
        try {
            impact.set(i);
            LoadedModel m = main.modelProperty().get();
            sizes.set(p.impactModel().sizes(i, m == null ? new ModelSizes.SourceFile("file", 0, true)
                    : new ModelSizes.SourceFile(m.backend().fileFormat(), m.fileBytes(), m.backend().zerosShrinkFile())));
            keptShares.set(p.impactModel().keptShare(i, s.mode() == PruningMode.STRUCTURED));
            layerLimits.set(s.mode() != PruningMode.STRUCTURED ? "" : dev.shears.pruning.impact.LayerLimits.sentence(
                    p.groups(), i.removedPerGroup(), s.capped() ? s.maxLayerRatio() : PruningSpec.NO_CAP).orElse(""));
        } catch (RuntimeException e) {
            problem.set(sentence(e, "computing the impact"));
        }
    }

    /** Waits for the slider to rest a moment (200 ms) before evaluating: latest wins, without churn. */
    private void schedulePreview(PreviewPlanner p, PruningSpec s) {
        accuracy.schedule(p, s, impact.get(), () -> spec.get() == s && planner.get() == p);
    }

    /** Runs the current plan for real (surgery or masking, checks) and makes the result the current model. */
    public void apply() {
        PruningSpec s = spec.get();
        HistoryStep from = main.current();
        if (s == null || from == null || applying.get()) {
            return;
        }
        applying.set(true);
        LoadedModel source = from.model();
        DataSets data = main.dataProperty().get();
        // surgery and a validation pass take seconds: the model lane, so neither drawing nor a fine-tune waits
        // behind them; the running preview is about to be stale anyway
        accuracy.cancel();
        runner.submit(Lane.MODEL, APPLY_TASK, "Applying " + describe(s) + "…", true,
                (progress, cancellation) -> applyAndMeasure(source, s, accuracy.measure(data, source.graph()),
                        (s.reestimatesBatchNorm() || s.refits()) && data != null ? data.get(DataRole.TRAIN)
                                : Optional.empty(), progress,
                        cancellation),
                applied -> {
                    main.pushStep(from, applied.step());
                    applied.accuracyProblem().ifPresent(sentence -> main.reportError(new UserMessage(
                            "Applied; its accuracy was not measured", "The pruning was applied and is in the history."
                            + " Its validation accuracy could not be measured: " + sentence)));
                },
                error -> main.reportError(new UserMessage("Could not apply the pruning",
                        UserMessages.describe(error, "applying the pruning"))));
        runner.whenDone(APPLY_TASK, () -> applying.set(false));
    }

    /** A pruning applied, and why its validation accuracy is missing when it could not be measured. */
    record Applied(HistoryStep step, Optional<String> accuracyProblem) {
    }

    /**
     * Apply's work, off the UI thread: surgery or masking with its checks, then the validation
     * accuracy. A result that fails its equivalence check is refused; a pruning that passed is kept
     * even when the accuracy after it cannot be measured (unreadable data, memory): that becomes a
     * sentence beside the step, not a failed Apply.
     */
    static Applied applyAndMeasure(LoadedModel source, PruningSpec s, PreviewMeasure measure,
                                   Optional<DataSource> training, ProgressListener progress,
                                   Cancellation cancellation) throws IOException {
        // accuracy data, or unlabelled inputs that fit, check the result; random inputs are the service's own
        Optional<DataSource> checkedOn = measure instanceof PreviewMeasure.Accuracy a ? Optional.of(a.validation())
                : measure instanceof PreviewMeasure.Agreement g && !(g.inputs() instanceof RandomInputs)
                ? Optional.of(g.inputs()) : Optional.empty();
        PruningResult result = new PruningService(checkedOn, training).run(source, s, progress, cancellation);
        if (!result.report().equivalent()) {
            throw new IllegalStateException(result.report().whyNotEquivalent().orElseThrow()
                    + "; nothing was applied");
        }
        progress.progress(0.9, "reading the pruned model");
        // the in-memory model's file size is measured (written to a byte counter), not inherited
        LoadedModel pruned = source.withBackend(result.model());
        Optional<EvaluationResult> validation = Optional.empty();
        Optional<String> problem = Optional.empty();
        // accuracy needs labels: unlabelled inputs checked the surgery above but give no accuracy
        if (measure instanceof PreviewMeasure.Accuracy accuracyData) {
            progress.progress(0.95, "measuring validation accuracy");
            try {
                validation = Optional.of(AccuracyPreview.evaluate(pruned.backend(), accuracyData.validation(),
                        cancellation, e -> { }).toResult());
            } catch (Cancellation.CancelledException e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                Logs.failure(LOG, "measuring the validation accuracy after applying " + describe(s), e);
                problem = Optional.of(UserMessages.describe(e, "measuring the validation accuracy"));
            }
        }
        return new Applied(new HistoryStep(describe(s), pruned, Optional.of(s), Optional.of(result.report()),
                validation), problem);
    }

    /**
     * "Reach budget": sets the share to remove to the smallest one whose plan keeps at most the
     * budget's share of MACs or parameters ({@link PreviewPlanner#solve}), in the background.
     */
    public void reachBudget(Budget budget) {
        PreviewPlanner p = planner.get();
        PruningSpec s = spec.get();
        if (p == null || s == null) {
            return;
        }
        if (target.get() == Target.SELECTED_LAYER) {
            problem.set("A budget applies to all layers (one ranking or the same share), not to the selected layer.");
            return;
        }
        runner.submit(Lane.PREVIEW, BUDGET_TASK, "Reaching " + Formats.percent(budget.keep()) + " of the "
                + budget.metric().label() + "…", true, (progress, cancellation) -> {
                    scoring = cancellation;
                    return p.solve(s, budget);
                }, solved -> {
                    if (planner.get() != p) {
                        return;
                    }
                    if (solved.ratio() > MAX_RATIO) {
                        problem.set(String.format("Keeping %s of the %s needs removing %s, more than %s.",
                                Formats.percent(budget.keep()), budget.metric().label(),
                                Formats.percent(solved.ratio()), Formats.percent(MAX_RATIO)));
                        return;
                    }
                    byThreshold.set(false);
                    ratio.set(solved.ratio());
                }, error -> problem.set(UserMessages.describe(error, "solving the budget")));
    }

    /**
     * Per-layer shares chosen from a sensitivity scan ({@link dev.shears.pruning.planning.AllocationSolver}): channels,
     * the scan's criterion scored by producer (as the scan ranked them), every layer at 0 except the allocated
     * ones, which the tree's Keep % column then shows. One update follows, not one per layer.
     *
     * @param removed layer (the group's first producer) → share of its channels removed
     */
    public void useAllocation(CriterionName scanned, Map<String, Double> removed) {
        batching = true;
        try {
            mode.set(PruningMode.STRUCTURED);
            criterion.set(scanned);
            importance.set(Importance.PRODUCER);
            byThreshold.set(false);
            target.set(Target.EVERY_LAYER);
            ratio.set(0);
            overrides.clear();
            removed.forEach((layer, share) -> {
                if (share > 0) {
                    overrides.put(layer, share);
                }
            });
        } finally {
            batching = false;
        }
        update();
    }

    /** One-line description of a recipe, used in the history and on the Apply button's tooltip. */
    public static String describe(PruningSpec s) {
        String what = s.mode() == PruningMode.STRUCTURED ? "channels" : "weights";
        String amount = s.amount() instanceof Amount.Ratio r ? String.format("%.0f %%", 100 * r.value())
                : "below " + ((Amount.Threshold) s.amount()).value();
        String scope = s.scope() == Scope.GLOBAL ? "global" : "per layer";
        String layers = s.layers().isEmpty() ? "" : ", " + s.layers().size() + " layer override"
                + (s.layers().size() == 1 ? "" : "s");
        return String.format("%s %s %s (%s, %s%s)", s.mode() == PruningMode.STRUCTURED ? "Remove" : "Zero", amount,
                what, s.criterion().jsonName() + (s.importance() == Importance.PRODUCER ? ""
                        : " " + s.importance().jsonName()), scope, layers
                        + (s.refits() ? ", layers refitted" : "")
                        + (s.reestimatesBatchNorm() ? ", BatchNorm re-estimated" : ""));
    }

    private PruningSpec build(Map<String, Double> layerRatios) {
        Target t = target.get();
        Scope scope = t == Target.GLOBAL ? Scope.GLOBAL : Scope.PER_LAYER;
        double defaultRatio = t == Target.SELECTED_LAYER ? 0 : ratio.get();
        Amount amount = Amount.ratio(defaultRatio);
        if (byThreshold.get()) {
            if (t == Target.SELECTED_LAYER) {
                throw new PruningSpecException("threshold", "'Selected layer only' takes a share, not a threshold");
            }
            if (mode.get() == PruningMode.STRUCTURED && t != Target.GLOBAL) {
                throw new PruningSpecException("threshold", "a threshold on channel scores needs 'All layers, one "
                        + "ranking', where each score is divided by its layer's mean");
            }
            amount = Amount.threshold(threshold.get());
        }
        Map<String, LayerOverride> layers = new LinkedHashMap<>();
        layerRatios.forEach((layer, r) -> layers.put(layer, new LayerOverride(Optional.empty(),
                Optional.of(Amount.ratio(r)), Optional.empty(), Optional.empty())));
        boolean capped = mode.get() == PruningMode.STRUCTURED && t == Target.GLOBAL;
        PruningSpec spec = new PruningSpec(PruningSpec.CURRENT_VERSION, mode.get(), scope, criterion.get(),
                amount, 1, 1, PruningSpec.DEFAULT_SEED, List.of(), layers)
                .withImportance(mode.get() == PruningMode.STRUCTURED ? importance.get() : Importance.PRODUCER)
                .withMaxLayerRatio(capped ? maxLayerRatio.get() : PruningSpec.NO_CAP);
        return whyNoRecovery.get().isEmpty() ? recovery.get().applyTo(spec) : spec;
    }

    private static void checkResolvable(PreviewPlanner p, PruningSpec s) {
        if (s.mode() == PruningMode.STRUCTURED) {
            // resolve names and overrides only: nothing is scored (taylor would measure)
            dev.shears.pruning.planning.SpecResolver.structured(s, p.graph(), p.groups(), name -> NAMES_ONLY);
        } else {
            dev.shears.pruning.planning.SpecResolver.unstructured(s, p.graph());
        }
    }

    private void syncRatioToSelection() {
        LayerNode layer = selectedLayer.get();
        syncingRatio = true;
        try {
            ratio.set(layer == null ? 0 : overrides.getOrDefault(layer.name(), 0.0));
        } finally {
            syncingRatio = false;
        }
    }

    private void describeCoupling() {
        PreviewPlanner p = planner.get();
        LayerNode layer = selectedLayer.get();
        Coupling c = p == null || layer == null ? Coupling.NONE : Coupling.of(p.groups(), layer.name());
        coupled.set(c.coupled());
        coupling.set(c.text());
    }

    /** Taylor or obd scores, measured on the model's labelled validation data (DL4J models only). */
    private dev.shears.pruning.criteria.Criterion measured(CriterionName name, LoadedModel m, Cancellation cancellation) {
        DataSets data = main.dataProperty().get();
        if (m.backend().trainable().isEmpty()) {
            throw new PruningSpecException("criterion", name.jsonName() + " needs gradients, which Shears computes only"
                    + " for DL4J models, and this is an " + m.backend().formatName() + " model: choose another criterion");
        }
        try {
            int classes = DataFit.classes(m.graph());
            DataSource validation = data == null ? null : data.get(DataRole.VALIDATION).orElse(null);
            if (validation == null || !validation.labelled() || classes == 0) {
                throw new PruningSpecException("criterion", name.jsonName() + " needs labelled validation data for a"
                        + " classifier (File ▸ Data…)");
            }
            List<DataSet> batches = new ArrayList<>();
            int examples = Math.min(TAYLOR_IMAGES, validation.size());
            for (int from = 0; from < examples; from += 64) {
                batches.add(Dl4jBatches.labelled(validation.read(from, Math.min(examples, from + 64)), classes));
            }
            return MeasuredCriteria.measure(name, m.backend(), dev.shears.analysis.DependencyAnalyzer.analyze(m.graph()),
                    batches, validation.name(), cancellation);
        } catch (IOException e) {
            throw new PruningSpecException("criterion", name.jsonName() + " needs the validation data: "
                    + UserMessages.describe(e, "reading the validation data"));
        }
    }

    /**
     * The sentence for a failure of work done here on the FX thread; unless it is a refused choice, its
     * stack goes to the log (the runner logs its tasks' failures itself).
     */
    private static String sentence(RuntimeException e, String doing) {
        if (!(e instanceof PruningSpecException)) {
            Logs.failure(LOG, doing, e);
        }
        return UserMessages.describe(e, doing);
    }
}
