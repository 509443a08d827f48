package dev.shears.ui.compare;

import dev.shears.analysis.Formats;
import dev.shears.analysis.ModelComparison;
import dev.shears.analysis.heatmap.WeightDifference;
import dev.shears.data.DataSets;
import dev.shears.errors.UserMessages;
import dev.shears.eval.AccuracyEstimate;
import dev.shears.eval.Evaluator;
import dev.shears.eval.PreviewMeasure;
import dev.shears.io.LoadedModel;
import dev.shears.io.ModelLoader;
import dev.shears.model.NetworkGraph;
import dev.shears.model.ParamTensor;
import dev.shears.ui.task.Lane;
import dev.shears.ui.task.TaskRunner;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * Two models side by side: File ▸ Compare with… (the model shown now beside another model file) or two steps of
 * the history (History ▸ Compare these steps). Layer by layer ({@link ModelComparison}), the accuracy of both on
 * the shown model's validation data — the same examples for both — and, for the selected layer, B − A of its
 * weights when their shapes agree ({@link WeightDifference}), or why not in a sentence. A is the first model.
 */
public final class CompareViewModel {
    static final String LOAD_TASK = "compare-load";
    static final String ACCURACY_TASK = "compare-accuracy";
    static final String DIFFERENCE_TASK = "compare-difference";
    static final String NOTHING_SELECTED = "Select a layer to see how its weights changed, weight by weight (B − A).";
    /** Enough validation examples to tell models apart by a point or two, quickly (± 1.4 points at 95 % for 5,000). */
    static final int ACCURACY_BATCH = 250;

    private final TaskRunner runner;
    private final ReadOnlyObjectWrapper<ModelComparison> comparison = new ReadOnlyObjectWrapper<>(this, "comparison");
    private final ReadOnlyStringWrapper firstName = new ReadOnlyStringWrapper(this, "firstName", "");
    private final ReadOnlyStringWrapper secondName = new ReadOnlyStringWrapper(this, "secondName", "");
    private final ReadOnlyStringWrapper accuracy = new ReadOnlyStringWrapper(this, "accuracy", "");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
    private final ReadOnlyObjectWrapper<Difference> difference = new ReadOnlyObjectWrapper<>(this, "difference");
    private final ReadOnlyStringWrapper differenceNote = new ReadOnlyStringWrapper(this, "differenceNote",
            NOTHING_SELECTED);
    /** Both models once in memory (read or read back), else null: the difference needs their values. */
    private LoadedModel firstModel;
    private LoadedModel secondModel;
    private ModelComparison.Row selected;

    /**
     * One model of a comparison: its name, its graph (at hand even when the model is on disk) and how to get the
     * model itself — called off the FX thread, as it may read a history step back from disk.
     *
     * @param onDisk whether getting the model reads it back from disk (the task then says so)
     */
    public record Side(String name, NetworkGraph graph, Supplier<LoadedModel> model, boolean onDisk) {
    }

    /** B − A of the selected layer's drawn tensor, with how many weights differ and by how much at most. */
    public record Difference(String layer, ParamTensor tensor, WeightDifference values,
                             WeightDifference.Summary summary) {
    }

    public CompareViewModel(TaskRunner runner) {
        this.runner = runner;
    }

    /**
     * Loads {@code file} in the background and compares {@code shown} with it; then measures both on
     * {@code data}'s validation split when it fits both.
     */
    public void compare(LoadedModel shown, String shownName, Path file, Optional<DataSets> data) {
        reset(shownName, file.getFileName().toString());
        status.set("Opening " + file.getFileName() + "…");
        runner.submit(Lane.INTERACTIVE, LOAD_TASK, "Opening " + file.getFileName() + " to compare…", true,
                (progress, cancellation) -> ModelLoader.load(file), other -> {
                    comparison.set(ModelComparison.of(shown.graph(), other.graph()));
                    status.set("");
                    loaded(shown, other, data);
                }, error -> {
                    running.set(false);
                    status.set(UserMessages.describe(error, "opening " + file.getFileName() + " to compare"));
                });
    }

    /**
     * Compares two models of the history, {@code first} as A. The table shows at once (the graphs are at hand);
     * the models themselves are got in a named task — a step written to disk is read back there — and then
     * measured.
     */
    public void compareSteps(Side first, Side second, Optional<DataSets> data) {
        reset(first.name(), second.name());
        comparison.set(ModelComparison.of(first.graph(), second.graph()));
        String fromDisk = first.onDisk() && second.onDisk() ? first.name() + " and " + second.name()
                : first.onDisk() ? first.name() : second.onDisk() ? second.name() : "";
        String description = fromDisk.isEmpty() ? "Preparing " + first.name() + " and " + second.name()
                + " to compare…" : "Reading " + fromDisk + " back from disk to compare…";
        status.set(fromDisk.isEmpty() ? "" : description);
        runner.submit(Lane.INTERACTIVE, LOAD_TASK, description, true, (progress, cancellation) -> {
            progress.progress(0, first.name());
            LoadedModel a = first.model().get();
            cancellation.throwIfCancelled();
            progress.progress(0.5, second.name());
            return new LoadedModel[] {a, second.model().get()};
        }, both -> {
            status.set("");
            loaded(both[0], both[1], data);
        }, error -> {
            running.set(false);
            status.set(UserMessages.describe(error, "reading the two steps to compare"));
        });
    }

    private void reset(String first, String second) {
        runner.cancel(LOAD_TASK);
        runner.cancel(ACCURACY_TASK);
        runner.cancel(DIFFERENCE_TASK);
        firstModel = null;
        secondModel = null;
        selected = null;
        comparison.set(null);
        difference.set(null);
        differenceNote.set(NOTHING_SELECTED);
        accuracy.set("");
        firstName.set(first);
        secondName.set(second);
        running.set(true);
    }

    private void loaded(LoadedModel first, LoadedModel second, Optional<DataSets> data) {
        firstModel = first;
        secondModel = second;
        select(selected);
        measure(first, second, data);
    }

    /**
     * Shows B − A for a layer of the comparison (null: none): computed in a task, as the values may be many;
     * for a layer whose shapes differ, or that only one model has, the sentence says why there is no difference.
     */
    public void select(ModelComparison.Row row) {
        selected = row;
        runner.cancel(DIFFERENCE_TASK);
        difference.set(null);
        if (row == null) {
            differenceNote.set(NOTHING_SELECTED);
            return;
        }
        Optional<String> why = row.whyNoDifference(firstName.get(), secondName.get());
        if (why.isPresent()) {
            differenceNote.set(why.get());
            return;
        }
        LoadedModel a = firstModel;
        LoadedModel b = secondModel;
        if (a == null || b == null) {
            differenceNote.set("The difference shows once both models are read.");
            return;
        }
        ParamTensor tensor = row.drawnTensor().orElseThrow();
        differenceNote.set("Subtracting " + row.name() + "'s " + tensor.key() + "…");
        runner.submit(Lane.INTERACTIVE, DIFFERENCE_TASK, "Subtracting " + row.name() + "'s weights…", true,
                (progress, cancellation) -> {
                    // views of both models' tensors: the difference is read from them block by block, never copied
                    WeightDifference values = WeightDifference.of(a.paramView(row.name(), tensor.key()),
                            b.paramView(row.name(), tensor.key()), tensor.shape());
                    return new Difference(row.name(), tensor, values, values.summarize(cancellation));
                }, shown -> {
                    if (selected == row) {
                        differenceNote.set(describe(shown));
                        difference.set(shown);
                    }
                }, error -> {
                    if (selected == row) {
                        differenceNote.set(UserMessages.describe(error, "subtracting " + row.name() + "'s weights"));
                    }
                });
    }

    /** "conv1 W [20, 1, 5, 5]: 250 of 500 weights differ (50.0 %), by at most 0.2134." */
    String describe(Difference d) {
        WeightDifference.Summary s = d.summary();
        String what = d.layer() + " " + d.tensor().key() + " " + d.tensor().shape();
        if (s.changed() == 0) {
            return what + ": every weight is the same in both models (B − A = 0).";
        }
        return String.format(Locale.ROOT, "%s: %s of %s weights differ (%s), by at most %.4g. B − A: B = %s, A = %s.",
                what, Formats.exact(s.changed()), Formats.exact(s.weights()),
                Formats.percent((double) s.changed() / s.weights()), s.maxAbsDiff(), secondName.get(), firstName.get());
    }

    private void measure(LoadedModel first, LoadedModel second, Optional<DataSets> data) {
        PreviewMeasure forFirst;
        PreviewMeasure forSecond;
        try {
            forFirst = PreviewMeasure.choose(data, first.graph());
            forSecond = PreviewMeasure.choose(data, second.graph());
        } catch (Exception e) {
            running.set(false);
            accuracy.set(UserMessages.describe(e, "choosing the data to compare accuracy on"));
            return;
        }
        if (!(forFirst instanceof PreviewMeasure.Accuracy a) || !(forSecond instanceof PreviewMeasure.Accuracy b)) {
            running.set(false);
            accuracy.set("Accuracy is not compared: choose labelled validation data that fits both models"
                    + " (File ▸ Data…).");
            return;
        }
        accuracy.set("Measuring the accuracy of both on " + a.validation().name() + "…");
        runner.submit(Lane.PREVIEW, ACCURACY_TASK, "Measuring both models' accuracy…", true, (progress, cancellation) -> {
            AccuracyEstimate one = Evaluator.evaluate(first.backend(), a.validation(), ACCURACY_BATCH, e -> { },
                    cancellation);
            progress.progress(0.5, "second model");
            AccuracyEstimate two = Evaluator.evaluate(second.backend(), b.validation(), ACCURACY_BATCH, e -> { },
                    cancellation);
            return String.format(Locale.ROOT, "Validation top-1 on %s (%,d examples): %s %.2f %%, %s %.2f %% (%+.2f"
                            + " points).", a.validation().name(), one.seen(), firstName.get(), 100 * one.accuracy(),
                    secondName.get(), 100 * two.accuracy(), 100 * (two.accuracy() - one.accuracy()))
                    .replace("(-", "(−");
        }, text -> {
            running.set(false);
            accuracy.set(text);
        }, error -> {
            running.set(false);
            accuracy.set(UserMessages.describe(error, "measuring the accuracy of both models"));
        });
    }

    public void cancel() {
        runner.cancel(LOAD_TASK);
        runner.cancel(ACCURACY_TASK);
        runner.cancel(DIFFERENCE_TASK);
        running.set(false);
        // a step read back from disk for the comparison need not stay in memory once the window is closed
        firstModel = null;
        secondModel = null;
        difference.set(null);
    }

    TaskRunner runner() {
        return runner;
    }

    /** The selected layer's B − A, once computed; null when none is selected or it has none. */
    public ReadOnlyObjectProperty<Difference> differenceProperty() {
        return difference.getReadOnlyProperty();
    }

    /** What the difference shows, or why there is none for the selected layer, in a sentence. */
    public ReadOnlyStringProperty differenceNoteProperty() {
        return differenceNote.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<ModelComparison> comparisonProperty() {
        return comparison.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty firstNameProperty() {
        return firstName.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty secondNameProperty() {
        return secondName.getReadOnlyProperty();
    }

    /** Both models' validation accuracy, or why it is not measured (yet). */
    public ReadOnlyStringProperty accuracyProperty() {
        return accuracy.getReadOnlyProperty();
    }

    /** Loading, or why the other model could not be opened. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }
}
