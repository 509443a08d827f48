package dev.shears.pruning;

import dev.shears.Version;
import dev.shears.analysis.DependencyAnalyzer;
import dev.shears.data.DataSource;
import dev.shears.io.LoadedModel;
import dev.shears.io.ModelBackend;
import dev.shears.io.ModelFiles;
import dev.shears.model.ChannelGroups;
import dev.shears.model.NetworkGraph;
import dev.shears.task.Cancellation;
import dev.shears.task.ProgressListener;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import org.deeplearning4j.nn.api.Model;

/**
 * One pruning run, shared by the UI and the CLI, for every format: recipe → plan → a new model
 * (surgery for structured pruning, masking for unstructured, both done by the model's backend) →
 * checks → report. The loaded model is never changed. Structured results are proved against the
 * masked original, each run by the format's own runtime, on real validation examples
 * ({@link CheckData}); the caller decides what to do when {@link PruningReport#equivalent()} fails.
 */
public final class PruningService {
    private final Optional<DataSource> validation;

    /** @param validation the model's validation data; empty (or not fitting the model): check on random inputs */
    public PruningService(Optional<DataSource> validation) {
        this.validation = validation;
    }

    public PruningResult run(LoadedModel model, PruningSpec spec, ProgressListener progress,
                             Cancellation cancellation) throws IOException {
        ModelBackend backend = model.backend();
        NetworkGraph graph = backend.graph();
        progress.progress(0.05, "analysing channel groups");
        ChannelGroups groups = DependencyAnalyzer.analyze(graph);
        CheckData data = CheckData.forNetwork(graph, validation);
        Provenance provenance = new Provenance(model.file().toString(), ModelFiles.sha256(model.file()), spec,
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
        StructuredSettings settings = SpecResolver.structured(spec, graph, groups, () -> measureTaylor(backend, groups,
                data, cancellation));
        PruningPlan plan = Planner.plan(graph, groups, backend.weights(), settings);
        cancellation.throwIfCancelled();
        progress.progress(0.4, "removing channels");
        ModelBackend shrunk = backend.shrunk(plan);
        ModelBackend masked = backend.masked(plan);
        cancellation.throwIfCancelled();
        progress.progress(0.7, "checking the pruned model on " + data.description());
        Equivalence equivalence = EquivalenceCheck.proveEqual(shrunk, masked, data.examples());
        Equivalence change = EquivalenceCheck.compare(backend, shrunk, data.examples());
        PruningReport report = PruningReports.structured(provenance, graph, groups, plan, shrunk.graph().totalParams(),
                equivalence, change, data.description());
        progress.progress(1, "done");
        return new PruningResult(shrunk, plan, report);
    }

    private PruningResult unstructured(ModelBackend backend, ChannelGroups groups, PruningSpec spec, CheckData data,
                                       Provenance provenance, ProgressListener progress, Cancellation cancellation)
            throws IOException {
        NetworkGraph graph = backend.graph();
        progress.progress(0.1, "scoring weights (" + spec.criterion().jsonName() + ")");
        UnstructuredPlan plan = UnstructuredPlanner.plan(graph, backend.weights(),
                SpecResolver.unstructured(spec, graph));
        cancellation.throwIfCancelled();
        progress.progress(0.5, "zeroing weights");
        ModelBackend masked = backend.masked(plan);
        cancellation.throwIfCancelled();
        progress.progress(0.7, "measuring the output change on " + data.description());
        Equivalence change = EquivalenceCheck.compare(backend, masked, data.examples());
        PruningReport report = PruningReports.unstructured(provenance, graph, groups, plan, graph.totalParams(), change,
                data.description());
        progress.progress(1, "done");
        return new PruningResult(masked, plan, report);
    }

    private static Criterion measureTaylor(ModelBackend backend, ChannelGroups groups, CheckData data,
                                           Cancellation cancellation) {
        Model network = backend.trainable().orElseThrow(() -> new PruningSpecException("criterion", "'taylor' needs"
                + " gradients, which Shears computes only for DL4J models, and this is an " + backend.formatName()
                + " model; choose l1, l2, fpgm, bn-gamma or random"));
        if (data.labelledBatches().isEmpty()) {
            throw new PruningSpecException("criterion", "'taylor' needs labelled validation data that fits the"
                    + " model (choose it with File ▸ Data… or --data); this run has " + data.description());
        }
        return TaylorCriterion.measure(network, groups, data.labelledBatches(), cancellation);
    }
}
