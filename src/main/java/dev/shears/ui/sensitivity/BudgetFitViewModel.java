package dev.shears.ui.sensitivity;

import dev.shears.analysis.Formats;
import dev.shears.data.DataRole;
import dev.shears.data.DataSets;
import dev.shears.data.Examples;
import dev.shears.errors.UserMessages;
import dev.shears.eval.LatencyFit;
import dev.shears.eval.LatencyProbe;
import dev.shears.io.ModelBackend;
import dev.shears.ui.shell.MainViewModel;
import dev.shears.eval.SensitivityResult;
import dev.shears.pruning.Amount;
import dev.shears.pruning.CriterionName;
import dev.shears.pruning.PruningMode;
import dev.shears.pruning.Scope;
import dev.shears.pruning.impact.Budget;
import dev.shears.pruning.planning.AllocationSolver;
import dev.shears.pruning.planning.PreviewPlanner;
import dev.shears.pruning.recipes.PruningSpec;
import dev.shears.ui.pruning.PruningViewModel;
import dev.shears.ui.task.Lane;
import dev.shears.ui.task.TaskRunner;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;

/**
 * "Fit a budget" on the Sensitivity tab: per-layer shares that keep at most a share of the MACs, parameters or
 * measured latency at the least accuracy loss the shown scan predicts ({@link AllocationSolver}; for latency the
 * model is timed first, {@link LatencyFit}), put into the pruning panel — the tree's Keep % column and the impact
 * bar show them, Apply applies them.
 */
public final class BudgetFitViewModel {
    static final String TASK = "fit-budget";

    private final TaskRunner runner;
    private final MainViewModel main;
    private final SensitivityViewModel scan;
    private final PruningViewModel pruning;
    private final ObjectProperty<Budget.Metric> metric = new SimpleObjectProperty<>(this, "metric", Budget.Metric.MACS);
    /** The share to keep, in (0, 1]. */
    private final DoubleProperty keep = new SimpleDoubleProperty(this, "keep", 0.5);
    private final ReadOnlyStringWrapper note = new ReadOnlyStringWrapper(this, "note", "");
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
    private final BooleanBinding ready;

    /** @param main the current model and its validation data, which a latency budget is timed with */
    public BudgetFitViewModel(TaskRunner runner, MainViewModel main, SensitivityViewModel scan,
                              PruningViewModel pruning) {
        this.runner = runner;
        this.main = main;
        this.scan = scan;
        this.pruning = pruning;
        ready = Bindings.createBooleanBinding(() -> scan.resultProperty().get() != null
                        && !scan.resultProperty().get().rows().isEmpty() && pruning.plannerProperty().get() != null
                        && !running.get(), scan.resultProperty(), pruning.plannerProperty(), running);
        scan.resultProperty().addListener((obs, old, r) -> note.set(""));
    }

    /** Solves the budget for the shown scan in the background; the latest request wins. */
    public void fit() {
        SensitivityResult result = scan.resultProperty().get();
        PreviewPlanner planner = pruning.plannerProperty().get();
        if (result == null || planner == null) {
            return;
        }
        CriterionName criterion = scan.criterionProperty().get();
        Budget budget;
        try {
            budget = new Budget(metric.get(), keep.get());
        } catch (IllegalArgumentException e) {
            note.set("Keep a share between 1 % and 100 %.");
            return;
        }
        PruningSpec base = new PruningSpec(PruningSpec.CURRENT_VERSION, PruningMode.STRUCTURED, Scope.PER_LAYER,
                criterion, Amount.ratio(0), 1, 1, PruningSpec.DEFAULT_SEED, List.of(), Map.of());
        running.set(true);
        note.set("");
        java.util.function.Consumer<AllocationSolver.Allocation> use = allocation -> {
            running.set(false);
            if (pruning.plannerProperty().get() != planner || scan.resultProperty().get() != result) {
                return; // another model or scan since: this allocation is about something no longer shown
            }
            Map<String, Double> removed = new LinkedHashMap<>();
            allocation.shares().forEach((group, share) -> removed.put(group, share.removed()));
            pruning.useAllocation(criterion, removed);
        };
        java.util.function.Consumer<Throwable> failed = error -> {
            running.set(false);
            note.set(UserMessages.describe(error, "fitting the budget to the scan"));
        };
        if (budget.metric() == Budget.Metric.LATENCY) {
            ModelBackend backend = main.current().model().backend();
            DataSets data = main.dataProperty().get();
            if (data == null || !data.has(DataRole.VALIDATION)) {
                running.set(false);
                note.set("A latency budget times the model on an example of its validation data, and none is chosen:"
                        + " choose it with File ▸ Data….");
                return;
            }
            // timing wants the cores to itself: the training lane runs no scan or fine-tune beside it
            runner.submit(Lane.TRAINING, TASK, "Timing the model to fit " + Formats.percent(budget.keep())
                    + " of its latency…", true, (progress, cancellation) -> {
                        Examples input = data.require(DataRole.VALIDATION, "A latency budget").read(0, 1);
                        return LatencyFit.fit(backend, planner, base, budget, result.curves(), input,
                                LatencyProbe.Settings.DEFAULT, progress, cancellation);
                    }, fit -> {
                        use.accept(fit.allocation());
                        note.set(describe(fit.allocation(), result) + " " + describe(fit));
                    }, failed);
        } else {
            runner.submit(Lane.PREVIEW, TASK, "Fitting " + Formats.percent(budget.keep()) + " of the "
                    + budget.metric().label() + " to the scan…", true, (progress, cancellation) ->
                    planner.allocate(base, budget, result.curves(), cancellation), allocation -> {
                        use.accept(allocation);
                        note.set(describe(allocation, result));
                    }, failed);
        }
        runner.whenDone(TASK, () -> running.set(false));
    }

    static String describe(AllocationSolver.Allocation allocation, SensitivityResult result) {
        long layers = allocation.shares().values().stream().filter(s -> s.removed() > 0).count();
        double baseline = result.baseline().accuracy();
        return String.format(Locale.ROOT, "Keep %% set for %d of %d layers: %s of the MACs, %s of the parameters"
                        + " kept; the scan predicts %.1f %% top-1 (−%.1f points).", layers, allocation.shares().size(),
                Formats.percent(allocation.impact().macRatio()), Formats.percent(allocation.impact().paramRatio()),
                100 * (baseline - allocation.predictedLoss()), 100 * allocation.predictedLoss());
    }

    /** What the timing found: the latency predicted from the table and measured for the chosen network. */
    static String describe(LatencyFit.Result fit) {
        double unpruned = fit.table().unprunedNanos();
        double predicted = fit.allocation().predictedNanos().orElse(Double.NaN);
        return String.format(Locale.ROOT, "Latency of one example: %s unpruned; predicted %s (%s), measured %s (%s)%s",
                AllocationSolver.duration(unpruned), AllocationSolver.duration(predicted),
                Formats.percent(predicted / unpruned), AllocationSolver.duration(fit.measuredNanos()),
                Formats.percent(fit.measuredShare()), fit.met() ? "." : " — above the budget: the layers' savings did"
                        + " not add up as timed alone, or the machine was busy; ask for a little less.");
    }

    public ObjectProperty<Budget.Metric> metricProperty() {
        return metric;
    }

    public DoubleProperty keepProperty() {
        return keep;
    }

    public ReadOnlyStringProperty noteProperty() {
        return note.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** A scan is shown, the model's channel groups are analysed, and no fit is running. */
    public BooleanBinding readyProperty() {
        return ready;
    }
}
