package dev.shears.onnx;

import ai.onnxruntime.OrtException;
import dev.shears.Version;
import dev.shears.analysis.DependencyAnalyzer;
import dev.shears.data.DataException;
import dev.shears.data.DataFit;
import dev.shears.data.DataSource;
import dev.shears.io.ModelFiles;
import dev.shears.model.ChannelGroups;
import dev.shears.model.NetworkGraph;
import dev.shears.pruning.Equivalence;
import dev.shears.pruning.Plan;
import dev.shears.pruning.Planner;
import dev.shears.pruning.PruningMode;
import dev.shears.pruning.PruningPlan;
import dev.shears.pruning.PruningReport;
import dev.shears.pruning.PruningReports;
import dev.shears.pruning.PruningSpec;
import dev.shears.pruning.PruningSpecException;
import dev.shears.pruning.Provenance;
import dev.shears.pruning.SpecResolver;
import dev.shears.pruning.UnstructuredPlan;
import dev.shears.pruning.UnstructuredPlanner;
import dev.shears.task.Cancellation;
import dev.shears.task.ProgressListener;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * One pruning run on an ONNX model, the ONNX backend's counterpart of {@code PruningService}: the
 * same recipe, planner and criteria (those that need only weights), executed by slicing or zeroing
 * initializers; ONNX Runtime proves the shrunk model equal to the masked original on the user's
 * validation examples (or seeded random inputs) before anything is returned.
 */
public final class OnnxPruningService {
    /** Examples the equivalence check runs on. */
    static final int CHECK_EXAMPLES = 256;
    private static final long CHECK_SEED = 20_240_601L;
    private final Optional<DataSource> validation;

    public OnnxPruningService(Optional<DataSource> validation) {
        this.validation = validation;
    }

    /** The pruned model (never written by this service), its plan and its report. */
    public record Result(OnnxModel model, Plan plan, PruningReport report) {
    }

    public Result run(Path file, OnnxNetwork network, PruningSpec spec, ProgressListener progress,
                      Cancellation cancellation) throws IOException {
        NetworkGraph graph = network.graph();
        progress.progress(0.05, "analysing channel groups");
        ChannelGroups groups = DependencyAnalyzer.analyze(graph);
        CheckInputs inputs = checkInputs(network);
        Provenance provenance = new Provenance(file.toString(), ModelFiles.sha256(file), spec, Version.current(),
                Instant.now());
        OnnxWeights weights = new OnnxWeights(network);
        cancellation.throwIfCancelled();
        try {
            if (spec.mode() == PruningMode.STRUCTURED) {
                progress.progress(0.1, "scoring channels (" + spec.criterion().jsonName() + ")");
                PruningPlan plan = Planner.plan(graph, groups, weights, SpecResolver.structured(spec, graph, groups,
                        () -> {
                            throw new PruningSpecException("criterion", "'taylor' needs gradients, which ONNX Runtime"
                                    + " cannot compute; choose l1, l2, fpgm, bn-gamma or random for ONNX models");
                        }));
                cancellation.throwIfCancelled();
                progress.progress(0.4, "slicing initializers");
                OnnxModel shrunk = OnnxSurgeon.shrink(network, plan);
                OnnxModel masked = OnnxMasker.masked(network, plan);
                cancellation.throwIfCancelled();
                progress.progress(0.7, "checking the pruned model in ONNX Runtime on " + inputs.description());
                Equivalence equivalence = compare(shrunk, masked, inputs);
                Equivalence change = compare(network.model(), shrunk, inputs);
                long paramsAfter = OnnxGraphReader.read(shrunk).graph().totalParams();
                progress.progress(1, "done");
                return new Result(shrunk, plan, PruningReports.structured(provenance, graph, groups, plan, paramsAfter,
                        equivalence, change, inputs.description()));
            }
            progress.progress(0.1, "scoring weights (" + spec.criterion().jsonName() + ")");
            UnstructuredPlan plan = UnstructuredPlanner.plan(graph, weights, SpecResolver.unstructured(spec, graph));
            cancellation.throwIfCancelled();
            progress.progress(0.5, "zeroing weights");
            OnnxModel masked = OnnxMasker.unstructured(network, plan);
            progress.progress(0.7, "measuring the output change on " + inputs.description());
            Equivalence change = compare(network.model(), masked, inputs);
            progress.progress(1, "done");
            return new Result(masked, plan, PruningReports.unstructured(provenance, graph, groups, plan,
                    graph.totalParams(), change, inputs.description()));
        } catch (OnnxPruningException e) {
            throw new IOException(file.getFileName() + ": " + e.getMessage(), e);
        }
    }

    private record CheckInputs(float[] values, int count, String description) {
    }

    /** The first validation examples when they fit the model, else seeded Gaussian inputs (and why). */
    private CheckInputs checkInputs(OnnxNetwork network) throws DataException {
        String why = "no validation data chosen";
        if (validation.isPresent()) {
            DataSource data = validation.get();
            Optional<String> problem = DataFit.problem(network.graph(), data);
            if (problem.isEmpty()) {
                int n = Math.min(CHECK_EXAMPLES, data.size());
                return new CheckInputs(data.read(0, n).features(), n, n + " examples of " + data.name());
            }
            why = problem.get();
        }
        int n = 8;
        return new CheckInputs(OnnxInference.gaussianInputs(network.model(), n, CHECK_SEED), n, n
                + " seeded random inputs of shape " + network.graph().input().shape() + " (" + why + ")");
    }

    private static Equivalence compare(OnnxModel a, OnnxModel b, CheckInputs inputs) throws IOException {
        try {
            return new Equivalence(inputs.count(), OnnxEquivalence.maxDifference(a, b, inputs.values(),
                    inputs.count()));
        } catch (OrtException e) {
            throw new IOException("ONNX Runtime could not run the model (" + e.getMessage() + ")", e);
        }
    }
}
