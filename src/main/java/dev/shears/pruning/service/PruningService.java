package dev.shears.pruning.service;

import dev.shears.Version;
import dev.shears.analysis.DependencyAnalyzer;
import dev.shears.data.DataSource;
import dev.shears.io.LoadedModel;
import dev.shears.io.ModelBackend;
import dev.shears.model.ChannelGroups;
import dev.shears.model.NetworkGraph;
import dev.shears.pruning.CriterionName;
import dev.shears.pruning.PruningMode;
import dev.shears.pruning.criteria.Criterion;
import dev.shears.pruning.criteria.CriterionMeasurer;
import dev.shears.pruning.criteria.MeasuredCriteria;
import dev.shears.pruning.equivalence.CheckData;
import dev.shears.pruning.equivalence.Equivalence;
import dev.shears.pruning.equivalence.EquivalenceCheck;
import dev.shears.pruning.impact.Budget;
import dev.shears.pruning.plan.PruningPlan;
import dev.shears.pruning.plan.UnstructuredPlan;
import dev.shears.pruning.planning.BudgetSolver;
import dev.shears.pruning.planning.Planner;
import dev.shears.pruning.planning.PreviewPlanner;
import dev.shears.pruning.planning.SpecResolver;
import dev.shears.pruning.planning.StructuredSettings;
import dev.shears.pruning.planning.UnstructuredPlanner;
import dev.shears.pruning.recipes.Provenance;
import dev.shears.pruning.recipes.PruningSpec;
import dev.shears.pruning.reports.PruningReport;
import dev.shears.pruning.reports.PruningReports;
import dev.shears.task.Cancellation;
import dev.shears.task.ProgressListener;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One pruning run, shared by the UI and the CLI, for every format: recipe → plan → a new model
 * (surgery for structured pruning, masking for unstructured, both done by the model's backend) →
 * checks → report. The loaded model is never changed. Structured results are proved against the
 * masked original, each run by the format's own runtime, on real validation examples
 * ({@link CheckData}); the caller decides what to do when {@link PruningReport#equivalent()} fails.
 */
public final class PruningService {
    private final Optional<DataSource> validation;
    private final Optional<DataSource> training;
    /** Criteria measured (taylor, obd) for the most recent model, so that solving a budget and pruning measure once. */
    private volatile Measured lastMeasured;

    private record Measured(ModelBackend backend, Map<CriterionName, Criterion> criteria) {
    }

    /** @param validation the model's validation data; empty (or not fitting the model): check on random inputs */
    public PruningService(Optional<DataSource> validation) {
        this(validation, Optional.empty());
    }

    /**
     * @param training the model's training data, where a recipe that re-estimates BatchNorm statistics
     *                 measures them; empty: such a recipe is refused
     */
    public PruningService(Optional<DataSource> validation, Optional<DataSource> training) {
        this.validation = validation;
        this.training = training;
    }

    public PruningResult run(LoadedModel model, PruningSpec spec, ProgressListener progress,
                             Cancellation cancellation) throws IOException {
        ModelBackend backend = model.backend();
        NetworkGraph graph = backend.graph();
        progress.progress(0.05, "analysing channel groups");
        ChannelGroups groups = DependencyAnalyzer.analyze(graph);
        CheckData data = CheckData.forNetwork(graph, validation);
        Provenance provenance = new Provenance(model.file().toString(), model.sourceSha256(), spec,
                Version.current(), Instant.now());
        cancellation.throwIfCancelled();
        return spec.mode() == PruningMode.STRUCTURED
                ? structured(backend, groups, spec, data, provenance, progress, cancellation)
                : unstructured(backend, groups, spec, data, provenance, progress, cancellation);
    }

    private PruningResult structured(ModelBackend backend, ChannelGroups groups, PruningSpec spec, CheckData data,
                                     Provenance provenance, ProgressListener progress, Cancellation cancellation)
            throws IOException {
        NetworkGraph graph = backend.graph();
        progress.progress(0.1, "scoring channels (" + spec.criterion().jsonName() + ")");
        StructuredSettings settings = SpecResolver.structuredMeasuring(spec, graph, groups, measurer(backend, groups, data,
                cancellation));
        PruningPlan plan = Planner.plan(graph, groups, backend.weights(), settings);
        cancellation.throwIfCancelled();
        progress.progress(0.4, "removing channels");
        ModelBackend shrunk = backend.shrunk(plan);
        ModelBackend masked = backend.masked(plan);
        cancellation.throwIfCancelled();
        progress.progress(0.7, "checking the pruned model on " + data.description());
        Equivalence equivalence = EquivalenceCheck.proveEqual(shrunk, masked, data.examples());
        ModelBackend result = AfterPruning.recover(backend, shrunk, plan, spec, training,
                (f, m) -> progress.progress(0.75 + 0.05 * f, m), cancellation);
        Equivalence change = EquivalenceCheck.compare(backend, result, data.examples());
        PruningReport report = PruningReports.structured(provenance, graph, groups, plan, result.graph().totalParams(),
                equivalence, change, data.description());
        progress.progress(1, "done");
        return new PruningResult(result, plan, report);
    }

    private PruningResult unstructured(ModelBackend backend, ChannelGroups groups, PruningSpec spec, CheckData data,
                                       Provenance provenance, ProgressListener progress, Cancellation cancellation)
            throws IOException {
        NetworkGraph graph = backend.graph();
        progress.progress(0.1, "scoring weights (" + spec.criterion().jsonName() + ")");
        UnstructuredPlan plan = UnstructuredPlanner.plan(graph, backend.weights(),
                SpecResolver.unstructured(spec, graph, measurer(backend, groups, data, cancellation)));
        cancellation.throwIfCancelled();
        progress.progress(0.5, "zeroing weights");
        ModelBackend masked = AfterPruning.recover(backend, backend.masked(plan), plan, spec, training,
                (f, m) -> progress.progress(0.75 + 0.05 * f, m), cancellation);
        cancellation.throwIfCancelled();
        progress.progress(0.7, "measuring the output change on " + data.description());
        Equivalence change = EquivalenceCheck.compare(backend, masked, data.examples());
        PruningReport report = PruningReports.unstructured(provenance, graph, groups, plan, graph.totalParams(), change,
                data.description());
        progress.progress(1, "done");
        return new PruningResult(masked, plan, report);
    }

    /**
     * The recipe with its default ratio solved for a budget on this model ({@link BudgetSolver}): the
     * smallest ratio whose plan keeps at most the budget's share of MACs or parameters. Taylor and obd
     * scores measured here are reused by {@link #run} on the same model.
     */
    public BudgetSolver.Solution reach(LoadedModel model, PruningSpec spec, Budget budget, Cancellation cancellation)
            throws IOException {
        ModelBackend backend = model.backend();
        ChannelGroups groups = DependencyAnalyzer.analyze(backend.graph());
        CheckData data = CheckData.forNetwork(backend.graph(), validation);
        return new PreviewPlanner(backend, measurer(backend, groups, data, cancellation)).solve(spec, budget);
    }

    /**
     * Per-layer ratios that meet a budget at the least accuracy loss a sensitivity scan predicts
     * ({@link dev.shears.pruning.planning.AllocationSolver}). Taylor and obd scores measured here are reused by
     * {@link #run} on the same model.
     */
    public dev.shears.pruning.planning.AllocationSolver.Allocation allocate(LoadedModel model, PruningSpec spec,
            Budget budget, dev.shears.pruning.planning.SensitivityCurves curves, Cancellation cancellation)
            throws IOException {
        return planner(model, cancellation).allocate(spec, budget, curves, cancellation);
    }

    /** A planner of {@code model} whose taylor and obd scores are measured on this service's validation data. */
    public PreviewPlanner planner(LoadedModel model, Cancellation cancellation) throws IOException {
        ModelBackend backend = model.backend();
        ChannelGroups groups = DependencyAnalyzer.analyze(backend.graph());
        CheckData data = CheckData.forNetwork(backend.graph(), validation);
        return new PreviewPlanner(backend, measurer(backend, groups, data, cancellation));
    }

    /** Measures taylor and obd on the run's labelled validation batches, once per model. */
    private CriterionMeasurer measurer(ModelBackend backend, ChannelGroups groups, CheckData data,
                                       Cancellation cancellation) {
        Measured m = lastMeasured;
        if (m == null || m.backend() != backend) {
            m = new Measured(backend, new ConcurrentHashMap<>());
            lastMeasured = m;
        }
        Map<CriterionName, Criterion> criteria = m.criteria();
        return name -> criteria.computeIfAbsent(name, n -> MeasuredCriteria.measure(n, backend, groups,
                data.labelledBatches(), data.description(), cancellation));
    }
}
