package dev.shears.pruning;

import dev.shears.Version;
import dev.shears.analysis.DependencyAnalyzer;
import dev.shears.data.DataSource;
import dev.shears.io.LoadedModel;
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
 * One pruning run, shared by the UI and the CLI: recipe → plan → a new network (surgery for
 * structured pruning, masking for unstructured) → checks → report. The loaded model is never
 * changed. Structured results are proved against the masked original on real validation images
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
        NetworkGraph graph = model.graph();
        progress.progress(0.05, "analysing channel groups");
        ChannelGroups groups = DependencyAnalyzer.analyze(graph);
        CheckData data = CheckData.forNetwork(graph, validation);
        Provenance provenance = new Provenance(model.file().toString(), ModelFiles.sha256(model.file()), spec, Version.current(),
                Instant.now());
        cancellation.throwIfCancelled();
        return spec.mode() == PruningMode.STRUCTURED
                ? structured(model.network(), graph, groups, spec, data, provenance, progress, cancellation)
                : unstructured(model.network(), graph, groups, spec, data, provenance, progress, cancellation);
    }

    private PruningResult structured(Model network, NetworkGraph graph, ChannelGroups groups, PruningSpec spec,
                                     CheckData data, Provenance provenance, ProgressListener progress,
                                     Cancellation cancellation) {
        progress.progress(0.1, "scoring channels (" + spec.criterion().jsonName() + ")");
        StructuredSettings settings = SpecResolver.structured(spec, graph, groups, () -> measureTaylor(network, groups,
                data, cancellation));
        PruningPlan plan = Planner.plan(graph, groups, new NetworkWeights(network), settings);
        cancellation.throwIfCancelled();
        progress.progress(0.4, "removing channels");
        Model shrunk = Surgeon.shrink(network, graph, plan);
        Model masked = MaskApplier.apply(network, graph, plan);
        cancellation.throwIfCancelled();
        progress.progress(0.7, "checking the pruned network on " + data.description());
        Equivalence equivalence = EquivalenceCheck.compare(shrunk, masked, data.features());
        Equivalence change = EquivalenceCheck.compare(network, shrunk, data.features());
        PruningReport report = PruningReports.structured(provenance, graph, groups, plan, shrunk.numParams(),
                equivalence, change, data.description());
        progress.progress(1, "done");
        return new PruningResult(shrunk, plan, report);
    }

    private PruningResult unstructured(Model network, NetworkGraph graph, ChannelGroups groups, PruningSpec spec,
                                       CheckData data, Provenance provenance, ProgressListener progress,
                                       Cancellation cancellation) {
        progress.progress(0.1, "scoring weights (" + spec.criterion().jsonName() + ")");
        UnstructuredPlan plan = UnstructuredPlanner.plan(graph, new NetworkWeights(network),
                SpecResolver.unstructured(spec, graph));
        cancellation.throwIfCancelled();
        progress.progress(0.5, "zeroing weights");
        Model masked = MaskApplier.apply(network, plan);
        cancellation.throwIfCancelled();
        progress.progress(0.7, "measuring the output change on " + data.description());
        Equivalence change = EquivalenceCheck.compare(network, masked, data.features());
        PruningReport report = PruningReports.unstructured(provenance, graph, groups, plan, masked.numParams(), change,
                data.description());
        progress.progress(1, "done");
        return new PruningResult(masked, plan, report);
    }

    private static Criterion measureTaylor(Model network, ChannelGroups groups, CheckData data,
                                           Cancellation cancellation) {
        if (data.labelledBatches().isEmpty()) {
            throw new PruningSpecException("criterion", "'taylor' needs labelled validation data that fits the"
                    + " model (choose it with File ▸ Data… or --data); this run has " + data.description());
        }
        return TaylorCriterion.measure(network, groups, data.labelledBatches(), cancellation);
    }
}
