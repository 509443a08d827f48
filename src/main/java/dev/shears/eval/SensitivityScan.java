package dev.shears.eval;

import dev.shears.analysis.DependencyAnalyzer;
import dev.shears.data.DataException;
import dev.shears.data.DataFit;
import dev.shears.data.DataSource;
import dev.shears.engine.Dl4jBatches;
import dev.shears.io.LoadedModel;
import dev.shears.model.ChannelGroup;
import dev.shears.model.ChannelGroups;
import dev.shears.model.NetworkGraph;
import dev.shears.model.ParamSlice;
import dev.shears.pruning.Amount;
import dev.shears.pruning.Criteria;
import dev.shears.pruning.Criterion;
import dev.shears.pruning.CriterionName;
import dev.shears.pruning.GroupRule;
import dev.shears.pruning.Surgeon;
import dev.shears.pruning.NetworkWeights;
import dev.shears.pruning.Planner;
import dev.shears.pruning.PruningPlan;
import dev.shears.pruning.Scope;
import dev.shears.pruning.StructuredSettings;
import dev.shears.pruning.TaylorCriterion;
import dev.shears.pruning.Weights;
import dev.shears.task.Cancellation;
import dev.shears.task.ProgressListener;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.dataset.DataSet;

/**
 * How much each channel group matters: for every prunable group alone — the whole group, so a
 * residual add's branches, the BatchNorms and the readers go together, as pruning would take them —
 * remove each ratio of its channels (chosen by the criterion; every other group keeps all of its
 * own) and evaluate the network on validation images. The network is masked, not shrunk: masking
 * is proven to compute what surgery computes, and it skips building a new configuration per point.
 * Ratios that leave a group the same kept count (small groups: ⌊0.1·6⌋ = 0) are evaluated once.
 * Cost: (groups × ratios + 1) evaluations of {@code images} images.
 */
public final class SensitivityScan {
    /** Taylor is measured once, on at most this many of the scan's images, in batches of 64 (as pruning does). */
    static final int TAYLOR_EXAMPLES = 256;
    static final int TAYLOR_BATCH = 64;

    private SensitivityScan() {
    }

    /**
     * @param validation the split to measure on; its first {@code settings.images()} examples are used
     * @throws Cancellation.CancelledException when cancelled (checked between points and between batches)
     */
    public static SensitivityResult run(LoadedModel model, DataSource validation, SensitivitySettings settings,
                                        ProgressListener progress, Cancellation cancellation) throws DataException {
        return run(model.network(), model.graph(), validation, settings, progress, cancellation);
    }

    public static SensitivityResult run(Model network, NetworkGraph graph, DataSource validation,
                                        SensitivitySettings settings, ProgressListener progress,
                                        Cancellation cancellation) throws DataException {
        Optional<String> unsuitable = unsuitable(graph, validation);
        if (unsuitable.isPresent()) {
            throw new DataException(unsuitable.get());
        }
        DataSource data = validation.first(settings.images());
        int classes = DataFit.classes(graph);
        ChannelGroups groups = DependencyAnalyzer.analyze(graph);
        progress.progress(0, "scoring channels (" + settings.criterion().jsonName() + ")");
        List<DataSet> taylorBatches = settings.criterion() == CriterionName.TAYLOR ? taylorBatches(data, classes)
                : List.of();
        Criterion criterion = memoized(Criteria.structured(settings.criterion(), settings.seed(),
                () -> TaylorCriterion.measure(network, groups, taylorBatches, cancellation)));

        Map<String, SensitivityResult.Skipped> skipped = new LinkedHashMap<>();
        List<ChannelGroup> scanned = new ArrayList<>();
        for (ChannelGroup g : groups.groups()) {
            Optional<String> reason = g.prunable() ? criterion.notApplicable(g) : Optional.of(g.blockers().get(0));
            reason.ifPresentOrElse(r -> skipped.put(g.name(), new SensitivityResult.Skipped(layers(g), g.channels(),
                    r)), () -> scanned.add(g));
        }
        int points = scanned.size() * settings.ratios().size() + 1;
        Weights weights = new NetworkWeights(network);

        cancellation.throwIfCancelled();
        progress.progress(0, "baseline");
        AccuracyEstimate base = Evaluator.evaluate(network, data, Evaluator.DEFAULT_BATCH, e -> { }, cancellation);
        SensitivityResult.Baseline baseline = new SensitivityResult.Baseline(base.accuracy(), base.meanLoss(),
                graph.totalParams(), graph.totalMacs());
        int done = 1;
        progress.progress((double) done / points, String.format(Locale.ROOT, "baseline: accuracy %.2f %%",
                100 * baseline.accuracy()));

        List<SensitivityRow> rows = new ArrayList<>();
        for (ChannelGroup g : scanned) {
            Map<Integer, AccuracyEstimate> byKept = new HashMap<>();
            byKept.put(g.channels(), base);
            for (double ratio : settings.ratios()) {
                cancellation.throwIfCancelled();
                PruningPlan plan = Planner.plan(graph, groups, weights, only(g, ratio, criterion, groups));
                int kept = plan.group(g.name()).orElseThrow().kept().size();
                AccuracyEstimate e = byKept.get(kept);
                if (e == null) {
                    // the physically smaller network computes what the masked one does, at a fraction of the cost
                    Model masked = Surgeon.shrink(network, graph, plan);
                    e = Evaluator.evaluate(masked, data, Evaluator.DEFAULT_BATCH, x -> { }, cancellation);
                    byKept.put(kept, e);
                }
                rows.add(new SensitivityRow(g.name(), layers(g), g.channels(), ratio, kept, e.accuracy(), e.meanLoss(),
                        plan.after().params(), plan.after().macs()));
                done++;
                progress.progress((double) done / points, String.format(Locale.ROOT,
                        "%s −%.0f %% (%d of %d channels kept): accuracy %.2f %%", g.name(), 100 * ratio, kept,
                        g.channels(), 100 * e.accuracy()));
            }
        }
        return new SensitivityResult(data.size(), baseline, rows, skipped);
    }

    /**
     * Why the scan cannot measure this network on this data, or empty: it ranks groups by accuracy,
     * so it needs a classifier (one score per class) and labelled data that fits it.
     */
    public static Optional<String> unsuitable(NetworkGraph graph, DataSource validation) throws DataException {
        if (DataFit.classes(graph) == 0) {
            return Optional.of("the sensitivity scan ranks layers by accuracy, and this model's output "
                    + graph.outputShape() + " is not one score per class");
        }
        if (!validation.labelled()) {
            return Optional.of("the sensitivity scan ranks layers by accuracy and needs labelled data; "
                    + validation.name() + " has no labels");
        }
        return DataFit.problem(graph, validation);
    }

    /** Group {@code g} loses {@code ratio} of its channels; every other group is left whole. */
    private static StructuredSettings only(ChannelGroup g, double ratio, Criterion criterion, ChannelGroups groups) {
        Set<String> others = groups.prunable().stream().map(ChannelGroup::name)
                .filter(name -> !name.equals(g.name())).collect(Collectors.toSet());
        return new StructuredSettings(Scope.PER_LAYER, GroupRule.of(criterion, Amount.ratio(ratio)), Map.of(), others);
    }

    private static List<String> layers(ChannelGroup g) {
        return g.params().stream().map(ParamSlice::layer).distinct().toList();
    }

    private static List<DataSet> taylorBatches(DataSource data, int classes) throws DataException {
        List<DataSet> batches = new ArrayList<>();
        int examples = Math.min(TAYLOR_EXAMPLES, data.size());
        for (int from = 0; from < examples; from += TAYLOR_BATCH) {
            batches.add(Dl4jBatches.labelled(data.read(from, Math.min(examples, from + TAYLOR_BATCH)), classes));
        }
        return batches;
    }

    /** Scores a group once for all its ratios (FPGM and the weight reads are not free). */
    private static Criterion memoized(Criterion criterion) {
        Map<String, double[]> scores = new HashMap<>();
        return new Criterion() {
            @Override
            public String name() {
                return criterion.name();
            }

            @Override
            public double[] score(ChannelGroup group, Weights weights) {
                return scores.computeIfAbsent(group.name(), n -> criterion.score(group, weights)).clone();
            }

            @Override
            public Optional<String> notApplicable(ChannelGroup group) {
                return criterion.notApplicable(group);
            }
        };
    }
}
