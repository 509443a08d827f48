package dev.shears.ui.pruning;

import dev.shears.data.DataRole;
import dev.shears.data.DataSets;
import dev.shears.data.DataSource;
import dev.shears.engine.InferenceEngine;
import dev.shears.errors.UserMessages;
import dev.shears.eval.AccuracyEstimate;
import dev.shears.eval.Agreement;
import dev.shears.eval.AgreementEstimate;
import dev.shears.eval.Evaluator;
import dev.shears.eval.PreviewMeasure;
import dev.shears.io.LoadedModel;
import dev.shears.io.ModelBackend;
import dev.shears.model.NetworkGraph;
import dev.shears.pruning.impact.Impact;
import dev.shears.pruning.plan.Plan;
import dev.shears.pruning.planning.PreviewPlanner;
import dev.shears.pruning.recipes.PruningSpec;
import dev.shears.pruning.service.AfterPruning;
import dev.shears.task.Cancellation;
import dev.shears.task.ProgressListener;
import dev.shears.ui.shell.MainViewModel;
import dev.shears.ui.task.Lane;
import dev.shears.ui.task.TaskRunner;
import java.io.IOException;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The pruning panel's live measurement of a choice, in the background: the exact plan (the heatmap
 * greys what it removes), then accuracy on the model's validation data, or agreement with the
 * unpruned model when accuracy cannot be had ({@link PreviewMeasure}); and the unpruned baseline.
 * Slider-driven: waits 200 ms for the slider to rest, and the latest request wins.
 */
final class AccuracyPreview {
    static final String PREVIEW_TASK = "accuracy-preview";
    static final String BASELINE_TASK = "accuracy-baseline";
    /** A preview's outcome when the choice it measures is no longer the panel's. */
    static final String CHOICE_CHANGED = "Cancelled: the choice changed before it finished.";

    private final TaskRunner runner;
    private final MainViewModel main;
    private final ReadOnlyObjectWrapper<Plan> plan = new ReadOnlyObjectWrapper<>(this, "previewPlan");
    private final ReadOnlyObjectWrapper<AccuracyEstimate> estimate = new ReadOnlyObjectWrapper<>(this, "preview");
    private final ReadOnlyObjectWrapper<AccuracyEstimate> baseline = new ReadOnlyObjectWrapper<>(this, "baseline");
    private final ReadOnlyObjectWrapper<AgreementEstimate> agreement = new ReadOnlyObjectWrapper<>(this, "agreement");
    private final ReadOnlyStringWrapper agreementData = new ReadOnlyStringWrapper(this, "agreementData", "");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "previewStatus", "");
    /** How long the slider must rest before a preview starts. */
    static final double REST_MILLIS = 200;

    AccuracyPreview(TaskRunner runner, MainViewModel main) {
        this.runner = runner;
        this.main = main;
    }

    ReadOnlyObjectProperty<Plan> planProperty() {
        return plan.getReadOnlyProperty();
    }

    ReadOnlyObjectProperty<AccuracyEstimate> estimateProperty() {
        return estimate.getReadOnlyProperty();
    }

    ReadOnlyObjectProperty<AccuracyEstimate> baselineProperty() {
        return baseline.getReadOnlyProperty();
    }

    ReadOnlyObjectProperty<AgreementEstimate> agreementProperty() {
        return agreement.getReadOnlyProperty();
    }

    ReadOnlyStringProperty agreementDataProperty() {
        return agreementData.getReadOnlyProperty();
    }

    ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    void setStatus(String text) {
        status.set(text);
    }

    /** Forgets everything measured (another model). */
    void reset() {
        cancel();
        plan.set(null);
        estimate.set(null);
        agreement.set(null);
        baseline.set(null);
    }

    /** Stops the running preview and forgets its estimate (the choice is no longer valid, or is being scored). */
    void cancel() {
        runner.cancel(PREVIEW_TASK, CHOICE_CHANGED);
        estimate.set(null);
    }

    /** The unpruned model's accuracy on the validation data, when accuracy can be measured. */
    void measureBaseline(LoadedModel m) {
        baseline.set(null);
        DataSets data = main.dataProperty().get();
        if (data == null || !data.has(DataRole.VALIDATION)) {
            return;
        }
        runner.submit(Lane.PREVIEW, BASELINE_TASK, "Measuring the unpruned accuracy…", false, (progress, cancellation) -> {
            if (!(measure(data, m.graph()) instanceof PreviewMeasure.Accuracy accuracy)) {
                return null;
            }
            return evaluate(m.backend(), accuracy.validation(), cancellation, e -> runner.onUiThread(() -> {
                if (main.modelProperty().get() == m) {
                    baseline.set(e);
                }
            }));
        }, e -> { }, error -> baseline.set(null));
    }

    /** Measures {@code s} once the slider has rested, unless {@code stillCurrent} says it was replaced. */
    void schedule(PreviewPlanner p, PruningSpec s, Impact impact, BooleanSupplier stillCurrent) {
        runner.cancel(PREVIEW_TASK, CHOICE_CHANGED);
        estimate.set(null);
        plan.set(null);
        runner.afterRest(PREVIEW_TASK, REST_MILLIS, () -> {
            if (stillCurrent.getAsBoolean()) {
                run(p, s, impact);
            }
        });
    }

    private void run(PreviewPlanner p, PruningSpec s, Impact impact) {
        estimate.set(null);
        if (impact != null && impact.paramsAfter() == impact.paramsBefore() && impact.macsAfter() == impact.macsBefore()) {
            runner.cancel(PREVIEW_TASK);
            status.set("Nothing removed yet: move the slider (or type a Keep % in the tree) to preview.");
            return;
        }
        DataSets data = main.dataProperty().get();
        ModelBackend unpruned = main.modelProperty().get().backend();
        agreement.set(null);
        status.set(data == null || !data.has(DataRole.VALIDATION)
                ? "No validation data is chosen (File ▸ Data…): agreement with the unpruned model on random inputs"
                + " instead of accuracy."
                : "Evaluating the pruned model on the validation data…");
        runner.submit(Lane.PREVIEW, PREVIEW_TASK, "Previewing " + PruningViewModel.describe(s) + "…", false, (progress, cancellation) -> {
            Plan exact = p.plan(s);
            cancellation.throwIfCancelled();
            runner.onUiThread(() -> {
                if (!cancellation.isCancelled()) {
                    plan.set(exact);
                }
            });
            PreviewMeasure measure = measure(data, p.graph());
            ModelBackend pruned = recovered(unpruned, p.forEvaluation(exact), exact, s, data, progress, cancellation);
            if (measure instanceof PreviewMeasure.Agreement a) {
                agreement(unpruned, pruned, a.inputs(), cancellation);
                return null;
            }
            DataSource validation = ((PreviewMeasure.Accuracy) measure).validation();
            return evaluate(pruned, validation, cancellation, e -> runner.onUiThread(() -> {
                if (!cancellation.isCancelled()) {
                    estimate.set(e);
                }
            }));
        }, e -> {
            if (e != null) {
                status.set("");
            }
        }, error -> status.set(UserMessages.describe(error, "previewing the pruned model's accuracy")));
    }

    /**
     * The pruned model as Apply will make it: its layers refitted and its BatchNorm statistics re-estimated when
     * the recipe asks.
     */
    private ModelBackend recovered(ModelBackend unpruned, ModelBackend pruned, Plan exact, PruningSpec s,
                                   DataSets data, ProgressListener progress, Cancellation cancellation)
            throws IOException {
        if (data == null || !data.has(DataRole.TRAIN)) {
            return pruned;
        }
        ModelBackend recovered = AfterPruning.recover(unpruned, pruned, exact, s, data.get(DataRole.TRAIN),
                (f, m) -> {
                    String doing = Character.toUpperCase(m.charAt(0)) + m.substring(1) + "…";
                    runner.onUiThread(() -> status.set(doing));
                    progress.progress(-1, doing);
                }, cancellation);
        if (recovered != pruned) {
            runner.onUiThread(() -> status.set("Evaluating the pruned model on the validation data…"));
        }
        return recovered;
    }

    /** What can be measured with the model's data; an agreement's reason becomes the status. Off the FX thread. */
    PreviewMeasure measure(DataSets data, NetworkGraph graph) throws IOException {
        PreviewMeasure measure = PreviewMeasure.choose(Optional.ofNullable(data), graph);
        if (measure instanceof PreviewMeasure.Agreement a) {
            runner.onUiThread(() -> status.set(a.why()));
        }
        return measure;
    }

    static AccuracyEstimate evaluate(ModelBackend model, DataSource validation, Cancellation cancellation,
                                     Consumer<AccuracyEstimate> onEstimate) throws IOException {
        return Evaluator.evaluate(model, validation, PruningViewModel.PREVIEW_BATCH, onEstimate, cancellation);
    }

    private void agreement(ModelBackend unpruned, ModelBackend pruned, DataSource inputs, Cancellation cancellation)
            throws IOException {
        runner.onUiThread(() -> agreementData.set(inputs.name()));
        try (InferenceEngine reference = unpruned.referenceEngine();
             InferenceEngine candidate = pruned.referenceEngine()) {
            Agreement.measure(reference, candidate, inputs, PruningViewModel.PREVIEW_BATCH,
                    e -> runner.onUiThread(() -> {
                        if (!cancellation.isCancelled()) {
                            agreement.set(e);
                        }
                    }), cancellation);
        }
    }
}
