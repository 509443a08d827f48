package dev.shears.ui.tune;

import dev.shears.data.DataFit;
import dev.shears.data.DataRole;
import dev.shears.data.DataSets;
import dev.shears.errors.UserMessages;
import dev.shears.eval.tune.Distillation;
import dev.shears.samples.SampleArchitectures;
import dev.shears.samples.SampleTrainer;
import dev.shears.eval.tune.FineTuneProgress;
import dev.shears.eval.tune.GammaMagnitudes;
import dev.shears.eval.tune.FineTuneResult;
import dev.shears.eval.tune.FineTuneSettings;
import dev.shears.eval.tune.FineTuner;
import dev.shears.eval.tune.IterativePruner;
import dev.shears.eval.tune.IterativeResult;
import dev.shears.io.LoadedModel;
import dev.shears.io.ModelFiles;
import dev.shears.model.LayerNode;
import dev.shears.model.ParamTensor;
import dev.shears.pruning.plan.TensorMask;
import dev.shears.pruning.recipes.PruningSpec;
import dev.shears.pruning.service.PruningService;
import dev.shears.ui.shell.HistoryStep;
import dev.shears.ui.shell.MainViewModel;
import dev.shears.ui.shell.Notice;
import dev.shears.ui.shell.UserMessage;
import dev.shears.ui.task.Lane;
import dev.shears.ui.task.TaskRunner;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Fine-tuning the current model, or iterative pruning (AGP) towards the pruning panel's recipe:
 * settings, a live series of (epochs done, training loss, validation accuracy) for the chart, and
 * Stop, which keeps the best checkpoint so far. The result becomes a new history step.
 * Weights that are exactly zero in the current model are held at zero (unstructured pruning stays
 * pruned); a structured model is simply smaller and trains as it is.
 * <p>
 * Two objectives beside the labels: Network Slimming's penalty λ·Σ|γ| on BatchNorm scales (the live
 * |γ| of every scale is exposed for a histogram) and distillation from the model as it was opened —
 * the first step of the current step's lineage, before any pruning — at temperature T with weight α.
 */
public final class FineTuneViewModel {
    static final String TUNE_TASK = "fine-tune";

    /** One point of the live chart; x is in epochs (fractional while an epoch runs). */
    public record Point(double epochs, double trainLoss, double validationAccuracy) {
    }

    private final TaskRunner runner;
    private final MainViewModel main;
    private final Supplier<PruningSpec> target;
    private final IntegerProperty epochs = new SimpleIntegerProperty(this, "epochs", 2);
    private final DoubleProperty learningRate = new SimpleDoubleProperty(this, "learningRate",
            FineTuneSettings.DEFAULT_LEARNING_RATE);
    private final IntegerProperty trainImages = new SimpleIntegerProperty(this, "trainImages", 60_000);
    private final BooleanProperty iterative = new SimpleBooleanProperty(this, "iterative", false);
    private final IntegerProperty steps = new SimpleIntegerProperty(this, "steps", 4);
    private final DoubleProperty sparsityL1 = new SimpleDoubleProperty(this, "sparsityL1", 0);
    private final BooleanProperty distill = new SimpleBooleanProperty(this, "distill", false);
    private final DoubleProperty temperature = new SimpleDoubleProperty(this, "temperature", 4);
    private final DoubleProperty alpha = new SimpleDoubleProperty(this, "alpha", Distillation.DEFAULT_ALPHA);
    private final BooleanProperty reinit = new SimpleBooleanProperty(this, "reinit", false);
    private final ReadOnlyObjectWrapper<GammaMagnitudes> gammas = new ReadOnlyObjectWrapper<>(this, "gammas");
    private final ObservableList<Point> points = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyStringWrapper explanation = new ReadOnlyStringWrapper(this, "explanation", "");
    private final ReadOnlyBooleanWrapper possible = new ReadOnlyBooleanWrapper(this, "possible");

    /** @param target the pruning panel's recipe, the goal of iterative mode */
    public FineTuneViewModel(TaskRunner runner, MainViewModel main, Supplier<PruningSpec> target) {
        this.runner = runner;
        this.main = main;
        this.target = target;
        javafx.beans.InvalidationListener refresh = o -> refresh();
        main.modelProperty().addListener(refresh);
        main.dataProperty().addListener(refresh);
        reinit.addListener(refresh);
        reinit.addListener((obs, was, fresh) -> {
            if (fresh) {
                originalTraining().ifPresent(r -> {
                    epochs.set(r.epochs());
                    learningRate.set(r.learningRate());
                });
            }
        });
        refresh();
    }

    /**
     * How the opened model was trained, when Shears knows it (the bundled samples): a fresh start gets the
     * same epochs and rate, the comparison Liu et al. (2019) made.
     */
    public Optional<SampleTrainer.Recipe> originalTraining() {
        if (main.current() == null) {
            return Optional.empty();
        }
        String name = main.lineage(main.currentStepProperty().get()).get(0).model().displayName();
        return SampleArchitectures.NAMES.contains(name) ? Optional.of(SampleTrainer.Recipe.defaultFor(name))
                : Optional.empty();
    }

    /** Why fine-tuning cannot start now (the model, its data, or the iterative goal), or empty. */
    public Optional<String> whyNot() {
        Optional<String> problem = whyNotForThisModel();
        if (problem.isPresent()) {
            return problem;
        }
        if (iterative.get() && reinit.get()) {
            return Optional.of("Iterative pruning fine-tunes the weights each step keeps, and a fresh initialisation"
                    + " replaces them: choose one of the two.");
        }
        if (iterative.get() && target.get() == null) {
            return Optional.of("Iterative mode prunes towards the pruning panel's choice, which is not valid now.");
        }
        Optional<String> objective = FineTuner.whyNot(main.current().model().network(), settings());
        return objective.map(o -> Character.toUpperCase(o.charAt(0)) + o.substring(1) + ".");
    }

    /** The settings the window's fields give now. */
    private FineTuneSettings settings() {
        return FineTuneSettings.defaults(epochs.get()).withLearningRate(learningRate.get())
                .withTrainImages(trainImages.get()).withSparsityL1(sparsityL1.get())
                .withDistillation(distill.get() ? Optional.of(new Distillation(temperature.get(), alpha.get()))
                        : Optional.empty()).withReinit(reinit.get());
    }

    /** What the window says above its settings: why fine-tuning cannot run, or what it trains on. */
    public ReadOnlyStringProperty explanationProperty() {
        return explanation.getReadOnlyProperty();
    }

    /** Whether the current model and its data can be fine-tuned at all. */
    public ReadOnlyBooleanProperty possibleProperty() {
        return possible.getReadOnlyProperty();
    }

    private void refresh() {
        Optional<String> problem = whyNotForThisModel();
        possible.set(problem.isEmpty());
        explanation.set(problem.orElseGet(this::describeData));
    }

    /** The training and validation data by the names their specs give, without opening them (the FX thread). */
    private String describeData() {
        DataSets data = main.dataProperty().get();
        String on = "Training on " + specName(data, DataRole.TRAIN) + "; validation: "
                + specName(data, DataRole.VALIDATION) + ". ";
        if (reinit.get()) {
            return on + "The current architecture starts from fresh random weights (Liu et al. 2019)"
                    + originalTraining().map(r -> String.format(java.util.Locale.ROOT,
                    ", for the opened model's own %d epochs at %s", r.epochs(), r.learningRate())).orElse("")
                    + "; zeros of the current model stay zero. The best epoch on validation is kept.";
        }
        return on + "Zeros of the current model stay zero. The best epoch on validation is kept.";
    }

    private static String specName(DataSets data, DataRole role) {
        return data.profile().source(role).map(s -> s.option("name", String.valueOf(s.path().getFileName())))
                .orElse("none");
    }

    private Optional<String> whyNotForThisModel() {
        if (main.current() == null) {
            return Optional.of("Open a model first.");
        }
        Optional<String> notTrainable = main.current().model().backend().whyNotTrainable();
        if (notTrainable.isPresent()) {
            return Optional.of(Character.toUpperCase(notTrainable.get().charAt(0)) + notTrainable.get().substring(1)
                    + ".");
        }
        DataSets data = main.dataProperty().get();
        if (DataFit.classes(main.current().model().graph()) == 0) {
            return Optional.of("Fine-tuning trains a classifier, and this model's output "
                    + main.current().model().graph().outputShape() + " is not one score per class.");
        }
        if (data == null || !data.has(DataRole.TRAIN)) {
            return Optional.of("Fine-tuning needs training data: choose it with File ▸ Data….");
        }
        if (!data.has(DataRole.VALIDATION)) {
            return Optional.of("Fine-tuning keeps the best epoch on validation data: choose it with File ▸ Data….");
        }
        return Optional.empty();
    }

    public void start() {
        Optional<String> problem = whyNot();
        if (problem.isPresent() || running.get()) {
            problem.ifPresent(p -> main.reportError(new UserMessage("Cannot fine-tune", p)));
            return;
        }
        HistoryStep from = main.current();
        LoadedModel model = from.model();
        FineTuneSettings settings = settings();
        // the teacher: the model as opened, read (it may have been written to disk) on the task's thread
        HistoryStep opened = main.lineage(main.currentStepProperty().get()).get(0);
        boolean agp = iterative.get();
        PruningSpec spec = target.get();
        int k = steps.get();
        DataSets data = main.dataProperty().get();
        points.clear();
        gammas.set(null);
        running.set(true);
        String doing = agp ? "Iterative pruning…" : settings.reinit() ? "Training from a fresh start…" : "Fine-tuning…";
        status.set(doing);
        runner.submitKeepingPartialResult(Lane.TRAINING, TUNE_TASK, agp ? "Iterative pruning (AGP)…" : doing,
                (progress, cancellation) -> {
                    FineTuner t = FineTuner.of(data);
                    if (agp) {
                        double[] offset = {0};
                        IterativeResult r = new IterativePruner(new PruningService(data.get(DataRole.VALIDATION),
                                data.get(DataRole.TRAIN)), t).run(model, spec, k,
                                settings, p -> {
                                    progress.progress(p.fraction(), p.describe());
                                    p.tuning().ifPresent(ft -> show(ft, (p.step() - 1) * settings.epochs()));
                                }, cancellation);
                        return step(model, r, k);
                    }
                    Optional<org.deeplearning4j.nn.api.Model> teacher = settings.distillation().isPresent()
                            ? Optional.of(opened.model().network()) : Optional.empty();
                    FineTuneResult r = t.tune(model.network(), zerosOf(model), settings, teacher, ft -> {
                        progress.progress(ft.fraction(), ft.describe());
                        show(ft, 0);
                    }, cancellation);
                    return step(model, r);
                }, step -> {
                    status.set(step.label());
                    main.pushStep(from, step);
                    main.announce(Notice.finished(agp ? "Iterative pruning finished" : "Fine-tuning finished",
                            model.displayName() + ": " + step.label() + ". It is the newest step in History."));
                }, error -> {
                    String sentence = UserMessages.describe(error, agp ? "pruning iteratively" : "fine-tuning");
                    status.set("Stopped: " + sentence);
                    main.announce(Notice.failed(agp ? "Iterative pruning failed" : "Fine-tuning failed", sentence));
                    main.reportError(new UserMessage("Fine-tuning failed", sentence));
                });
        // cancelled before the first checkpoint existed: nothing is delivered, but Start must come back
        runner.whenDone(TUNE_TASK, () -> {
            running.set(false);
            if (status.get().endsWith("…")) {
                status.set("Stopped before the first checkpoint: nothing changed.");
            }
        });
    }

    /** Stops; the best checkpoint so far becomes the new step. */
    public void stop() {
        runner.cancel(TUNE_TASK);
    }

    private void show(FineTuneProgress p, int epochOffset) {
        double x = epochOffset + (p.epoch() - 1) + (double) p.batch() / Math.max(1, p.batchesPerEpoch());
        double accuracy = p.validation().map(v -> v.accuracy()).orElse(Double.NaN);
        runner.onUiThread(() -> {
            points.add(new Point(x, p.trainLoss(), accuracy));
            status.set(p.describe());
            p.gammas().ifPresent(gammas::set);
        });
    }

    private HistoryStep step(LoadedModel source, FineTuneResult r) throws java.io.IOException {
        FineTuneSettings s = r.settings();
        String how = (s.sparsityL1() > 0 ? ", slimming λ " + new java.math.BigDecimal(String.format(java.util.Locale.ROOT,
                "%.3g", s.sparsityL1())).stripTrailingZeros().toPlainString() : "") + s.distillation().map(d -> String.format(java.util.Locale.ROOT, ", distilled T %s α %s",
                d.temperature(), d.alpha())).orElse("");
        String verb = s.reinit() ? "Trained from a fresh start" : "Fine-tuned";
        String label = s.keepsLastEpoch()
                ? String.format(verb + " %d/%d epochs (last epoch kept%s)%s", r.epochsCompleted(), r.epochsPlanned(),
                how, r.cancelled() ? ", stopped early" : "")
                : String.format(verb + " %d/%d epochs (best epoch %d%s)%s", r.epochsCompleted(), r.epochsPlanned(),
                r.bestEpoch(), how, r.cancelled() ? ", stopped early" : "");
        return new HistoryStep(label, loaded(source, r.network()), Optional.empty(), Optional.empty(),
                Optional.of(r.best()));
    }

    private HistoryStep step(LoadedModel source, IterativeResult r, int plannedSteps) throws java.io.IOException {
        String label = String.format("Iterative AGP: %d/%d steps to %.0f %%%s", r.stepsCompleted(),
                plannedSteps, 100 * r.steps().get(r.steps().size() - 1).targetRatio(),
                r.cancelled() ? ", stopped early" : "");
        PruningSpec spec = r.report().provenance().recipe();
        return new HistoryStep(label, loaded(source, r.network()), Optional.of(spec), Optional.of(r.report()),
                Optional.of(r.finalValidation()));
    }

    private static LoadedModel loaded(LoadedModel source, org.deeplearning4j.nn.api.Model network)
            throws java.io.IOException {
        return source.withNetwork(network, ModelFiles.zipBytes(network));
    }

    /** Masks of the weights that are exactly zero now: they stay zero while training. */
    static List<TensorMask> zerosOf(LoadedModel model) {
        List<TensorMask> masks = new ArrayList<>();
        for (LayerNode node : model.graph().nodes()) {
            for (ParamTensor p : node.params()) {
                if (p.isWeight() && p.stats().zeros() > 0) {
                    float[] values = model.paramValues(node.name(), p.key());
                    BitSet zero = new BitSet(values.length);
                    for (int i = 0; i < values.length; i++) {
                        if (values[i] == 0f) {
                            zero.set(i);
                        }
                    }
                    masks.add(new TensorMask(node.name(), p.key(), p.shape(), zero));
                }
            }
        }
        return masks;
    }

    public IntegerProperty epochsProperty() {
        return epochs;
    }

    public DoubleProperty learningRateProperty() {
        return learningRate;
    }

    public IntegerProperty trainImagesProperty() {
        return trainImages;
    }

    public BooleanProperty iterativeProperty() {
        return iterative;
    }

    public IntegerProperty stepsProperty() {
        return steps;
    }

    /** λ of Network Slimming's penalty on BatchNorm scales; 0: none. */
    public DoubleProperty sparsityL1Property() {
        return sparsityL1;
    }

    /** Whether to learn from the opened (unpruned) model's softened outputs as well as from the labels. */
    public BooleanProperty distillProperty() {
        return distill;
    }

    public DoubleProperty temperatureProperty() {
        return temperature;
    }

    public DoubleProperty alphaProperty() {
        return alpha;
    }

    /** Whether to train the current architecture from a fresh initialisation instead of its weights. */
    public BooleanProperty reinitProperty() {
        return reinit;
    }

    /** |γ| of every BatchNorm scale of the network being trained, as last reported; null before a run. */
    public ReadOnlyObjectProperty<GammaMagnitudes> gammasProperty() {
        return gammas.getReadOnlyProperty();
    }

    public ObservableList<Point> points() {
        return FXCollections.unmodifiableObservableList(points);
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }
}
