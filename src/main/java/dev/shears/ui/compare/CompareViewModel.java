package dev.shears.ui.compare;

import dev.shears.analysis.ModelComparison;
import dev.shears.data.DataSets;
import dev.shears.errors.UserMessages;
import dev.shears.eval.AccuracyEstimate;
import dev.shears.eval.Evaluator;
import dev.shears.eval.PreviewMeasure;
import dev.shears.io.LoadedModel;
import dev.shears.io.ModelLoader;
import dev.shears.ui.task.Lane;
import dev.shears.ui.task.TaskRunner;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * File ▸ Compare with…: the model shown now beside another model file, layer by layer ({@link ModelComparison}),
 * and the accuracy of both on the shown model's validation data — the same examples for both.
 */
public final class CompareViewModel {
    static final String LOAD_TASK = "compare-load";
    static final String ACCURACY_TASK = "compare-accuracy";
    /** Enough validation examples to tell models apart by a point or two, quickly (± 1.4 points at 95 % for 5,000). */
    static final int ACCURACY_BATCH = 250;

    private final TaskRunner runner;
    private final ReadOnlyObjectWrapper<ModelComparison> comparison = new ReadOnlyObjectWrapper<>(this, "comparison");
    private final ReadOnlyStringWrapper firstName = new ReadOnlyStringWrapper(this, "firstName", "");
    private final ReadOnlyStringWrapper secondName = new ReadOnlyStringWrapper(this, "secondName", "");
    private final ReadOnlyStringWrapper accuracy = new ReadOnlyStringWrapper(this, "accuracy", "");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");

    public CompareViewModel(TaskRunner runner) {
        this.runner = runner;
    }

    /**
     * Loads {@code file} in the background and compares {@code shown} with it; then measures both on
     * {@code data}'s validation split when it fits both.
     */
    public void compare(LoadedModel shown, String shownName, Path file, Optional<DataSets> data) {
        runner.cancel(ACCURACY_TASK);
        comparison.set(null);
        accuracy.set("");
        firstName.set(shownName);
        secondName.set(file.getFileName().toString());
        status.set("Opening " + file.getFileName() + "…");
        running.set(true);
        runner.submit(Lane.INTERACTIVE, LOAD_TASK, "Opening " + file.getFileName() + " to compare…", true,
                (progress, cancellation) -> ModelLoader.load(file), other -> {
                    comparison.set(ModelComparison.of(shown.graph(), other.graph()));
                    status.set("");
                    measure(shown, other, data);
                }, error -> {
                    running.set(false);
                    status.set(UserMessages.describe(error, "opening " + file.getFileName() + " to compare"));
                });
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
        running.set(false);
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
