package dev.shears.eval;

import ai.onnx.proto.OnnxMl.ModelProto;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.shears.analysis.DependencyAnalyzer;
import dev.shears.data.DataException;
import dev.shears.data.DataFit;
import dev.shears.data.DataSource;
import dev.shears.data.Examples;
import dev.shears.engine.Dl4jBatches;
import dev.shears.io.LoadedModel;
import dev.shears.model.ChannelGroup;
import dev.shears.model.ChannelGroups;
import dev.shears.model.NetworkGraph;
import dev.shears.model.ParamSlice;
import dev.shears.onnx.OnnxWeights;
import dev.shears.onnx.ParamBinding;
import dev.shears.onnx.ReaderMaskCut;
import dev.shears.onnx.convert.ConversionException;
import dev.shears.onnx.convert.ConvertedModel;
import dev.shears.onnx.convert.Dl4jToOnnx;
import dev.shears.onnx.convert.ParamInitializer;
import dev.shears.pruning.Amount;
import dev.shears.pruning.CriterionName;
import dev.shears.pruning.Scope;
import dev.shears.pruning.Weights;
import dev.shears.pruning.criteria.Criteria;
import dev.shears.pruning.criteria.Criterion;
import dev.shears.pruning.criteria.ObdCriterion;
import dev.shears.pruning.criteria.TaylorCriterion;
import dev.shears.pruning.plan.PruningPlan;
import dev.shears.pruning.planning.GroupRule;
import dev.shears.pruning.planning.Planner;
import dev.shears.pruning.planning.StructuredSettings;
import dev.shears.pruning.surgery.NetworkWeights;
import dev.shears.task.Cancellation;
import dev.shears.task.ProgressListener;
import java.util.ArrayList;
import java.util.Arrays;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How much each channel group matters: for every prunable group alone — the whole group, so a
 * residual add's branches, the BatchNorms and the readers go together, as pruning would take them —
 * remove each ratio of its channels (chosen by the criterion; every other group keeps all of its
 * own) and evaluate the network on validation images. Ratios that leave a group the same kept count
 * (small groups: ⌊0.1·6⌋ = 0) are evaluated once. Cost: (groups × ratios + 1) evaluations of
 * {@code images} images.
 *
 * <p>Plans are always made on the model's own graph (DL4J names for DL4J models). How they are
 * measured: an ONNX model, and a DL4J network that converts to ONNX (converted once, proven equal
 * on 64 of the images), run in ONNX Runtime with each group's readers masked on one warm pair of
 * sessions ({@link SensitivityMaskedPoints}; decision 0015); with {@code --engine dl4j}, or when the
 * network does not convert, every plan is executed by surgery and evaluated in DL4J.
 *
 * <p>A {@link SensitivityShard} computes a deterministic part of the cells; shards merge
 * ({@link SensitivityShards}) into exactly the result of one run.
 */
public final class SensitivityScan {
    /** Taylor and obd are measured once, on at most this many of the scan's images, in batches of 64 (as pruning does). */
    static final int TAYLOR_EXAMPLES = 256;
    static final int TAYLOR_BATCH = 64;
    /** Taylor or obd on an ONNX model, refused in a sentence. */
    public static String measuredOnOnnx(CriterionName name) {
        return "'" + name.jsonName() + "' needs gradients, which ONNX Runtime cannot compute; choose l1, l2, fpgm,"
                + " bn-gamma or random for ONNX models";
    }
    private static final Logger LOG = LoggerFactory.getLogger(SensitivityScan.class);

    private SensitivityScan() {
    }

    /**
     * A finished scan (or shard of one).
     *
     * @param engine the engine its numbers come from ("ONNX Runtime", "DL4J")
     * @param cells  scanned groups × ratios of the whole scan; a shard's result has its part of them
     * @param notes  how some points were measured, when it is worth saying (a group measured plan by plan)
     */
    public record Scan(SensitivityResult result, String engine, int cells, List<String> notes) {
        public Scan {
            notes = List.copyOf(notes);
        }
    }

    /**
     * @param validation the split to measure on; its first {@code settings.images()} examples are used
     * @throws Cancellation.CancelledException when cancelled (checked between points and between batches)
     */
    public static SensitivityResult run(LoadedModel model, DataSource validation, SensitivitySettings settings,
                                        ProgressListener progress, Cancellation cancellation) throws DataException {
        return scan(SensitivityTarget.of(model), validation, settings, SensitivityShard.WHOLE, progress,
                cancellation).result();
    }

    public static SensitivityResult run(Model network, NetworkGraph graph, DataSource validation,
                                        SensitivitySettings settings, ProgressListener progress,
                                        Cancellation cancellation) throws DataException {
        return scan(new SensitivityTarget.Dl4j(network, graph), validation, settings, SensitivityShard.WHOLE,
                progress, cancellation).result();
    }

    /**
     * The scan of a DL4J or ONNX model, or one shard of it.
     *
     * @throws IllegalArgumentException for taylor on an ONNX model (ONNX Runtime gives no gradients)
     */
    public static Scan scan(SensitivityTarget target, DataSource validation, SensitivitySettings settings,
                            SensitivityShard shard, ProgressListener progress, Cancellation cancellation)
            throws DataException {
        NetworkGraph graph = target.graph();
        Optional<String> unsuitable = unsuitable(graph, validation);
        if (unsuitable.isPresent()) {
            throw new DataException(unsuitable.get());
        }
        if (target instanceof SensitivityTarget.Onnx && settings.criterion().measured()) {
            throw new IllegalArgumentException(measuredOnOnnx(settings.criterion()));
        }
        DataSource data = validation.first(settings.images());
        int classes = DataFit.classes(graph);
        ChannelGroups groups = DependencyAnalyzer.analyze(graph);
        progress.progress(0, "scoring channels (" + settings.criterion().jsonName() + ")");
        Criterion criterion = memoized(criterion(target, settings, groups, data, classes, cancellation));
        Weights weights = target instanceof SensitivityTarget.Onnx o ? new OnnxWeights(o.network())
                : new NetworkWeights(((SensitivityTarget.Dl4j) target).network());

        Map<String, SensitivityResult.Skipped> skipped = new LinkedHashMap<>();
        List<ChannelGroup> scanned = new ArrayList<>();
        for (ChannelGroup g : groups.groups()) {
            Optional<String> reason = g.prunable() ? criterion.notApplicable(g) : Optional.of(g.blockers().get(0));
            reason.ifPresentOrElse(r -> skipped.put(g.name(), new SensitivityResult.Skipped(layers(g), g.channels(),
                    r)), () -> scanned.add(g));
        }
        List<Double> ratios = settings.ratios();
        int cells = scanned.size() * ratios.size();
        int points = shard.cellsOf(cells) + 1;

        cancellation.throwIfCancelled();
        try (SensitivityPoints measure = points(target, data, progress)) {
            progress.progress(0, "baseline");
            AccuracyEstimate base = measure.baseline(cancellation);
            SensitivityResult.Baseline baseline = new SensitivityResult.Baseline(base.accuracy(), base.meanLoss(),
                    graph.totalParams(), graph.totalMacs());
            int[] done = {1};
            progress.progress((double) done[0] / points, String.format(Locale.ROOT, "baseline: accuracy %.2f %%",
                    100 * baseline.accuracy()));

            List<SensitivityRow> rows = new ArrayList<>();
            for (int gi = 0; gi < scanned.size(); gi++) {
                ChannelGroup g = scanned.get(gi);
                List<Cell> mine = new ArrayList<>();
                for (int ri = 0; ri < ratios.size(); ri++) {
                    if (shard.includes(gi * ratios.size() + ri)) {
                        cancellation.throwIfCancelled();
                        double ratio = ratios.get(ri);
                        PruningPlan plan = Planner.plan(graph, groups, weights, only(g, ratio, criterion, groups));
                        mine.add(new Cell(ratio, plan, plan.group(g.name()).orElseThrow().kept().size()));
                    }
                }
                if (mine.isEmpty()) {
                    continue;
                }
                // one evaluation per kept count; the whole group is the baseline
                Map<Integer, AccuracyEstimate> byKept = new HashMap<>();
                byKept.put(g.channels(), base);
                List<PruningPlan> toMeasure = new ArrayList<>();
                List<Integer> keptOf = new ArrayList<>();
                for (Cell c : mine) {
                    if (c.kept() != g.channels() && !keptOf.contains(c.kept())) {
                        toMeasure.add(c.plan());
                        keptOf.add(c.kept());
                    }
                }
                int[] reported = {0};
                Runnable report = () -> {
                    while (reported[0] < mine.size() && byKept.containsKey(mine.get(reported[0]).kept())) {
                        Cell c = mine.get(reported[0]++);
                        done[0]++;
                        progress.progress((double) done[0] / points, String.format(Locale.ROOT,
                                "%s −%.0f %% (%d of %d channels kept): accuracy %.2f %%", g.name(), 100 * c.ratio(),
                                c.kept(), g.channels(), 100 * byKept.get(c.kept()).accuracy()));
                    }
                };
                report.run();
                measure.measure(g, toMeasure, cancellation, (i, estimate) -> {
                    byKept.put(keptOf.get(i), estimate);
                    report.run();
                });
                for (Cell c : mine) {
                    AccuracyEstimate e = byKept.get(c.kept());
                    rows.add(new SensitivityRow(g.name(), layers(g), g.channels(), c.ratio(), c.kept(), e.accuracy(),
                            e.meanLoss(), c.plan().after().params(), c.plan().after().macs()));
                }
            }
            return new Scan(new SensitivityResult(data.size(), baseline, rows, skipped), measure.engine(), cells,
                    measure.notes());
        }
    }

    private record Cell(double ratio, PruningPlan plan, int kept) {
    }

    private static Criterion criterion(SensitivityTarget target, SensitivitySettings settings, ChannelGroups groups,
                                       DataSource data, int classes, Cancellation cancellation) throws DataException {
        if (!settings.criterion().measured()) {
            return Criteria.structured(settings.criterion(), settings.seed(), name -> {
                throw new IllegalStateException(name.jsonName() + " is not measured");
            });
        }
        Model network = ((SensitivityTarget.Dl4j) target).network();
        List<DataSet> batches = taylorBatches(data, classes);
        return Criteria.structured(settings.criterion(), settings.seed(), name -> name == CriterionName.TAYLOR
                ? TaylorCriterion.measure(network, groups, batches, cancellation)
                : ObdCriterion.measure(network, target.graph(), groups, batches, cancellation));
    }

    /**
     * ONNX models: masked in ONNX Runtime. DL4J networks: masked in ONNX Runtime on their conversion
     * unless the user chose DL4J or the network does not convert (then DL4J; an error if ONNX Runtime
     * was asked for).
     */
    private static SensitivityPoints points(SensitivityTarget target, DataSource data, ProgressListener progress)
            throws DataException {
        if (target instanceof SensitivityTarget.Onnx o) {
            ModelProto model = ReaderMaskCut.runnable(o.network().model());
            SensitivityRuns runs = runs(model, data);
            return new SensitivityMaskedPoints(model, o.graph(), (layer, key) -> o.network().binding(layer, key)
                    .map(ParamBinding::tensor), runs, new SensitivityZeroedPoints(o.network(), runs));
        }
        SensitivityTarget.Dl4j d = (SensitivityTarget.Dl4j) target;
        Engines.Choice choice = Engines.preference();
        if (choice == Engines.Choice.DL4J) {
            return new SensitivityShrunkPoints(d.network(), d.graph(), data, true, List.of());
        }
        int[] order = Evaluator.shuffledOrder(data.size());
        Examples check = data.read(Arrays.copyOf(order, Math.min(order.length,
                Evaluator.CONVERSION_CHECK_EXAMPLES)));
        progress.progress(0, "converting to ONNX, checked on " + check.count() + " examples");
        ConvertedModel converted;
        ModelProto model;
        try {
            converted = Dl4jToOnnx.convert(d.network(), check);
            model = ModelProto.parseFrom(converted.onnxBytes());
        } catch (ConversionException | InvalidProtocolBufferException e) {
            if (choice == Engines.Choice.ORT) {
                throw new DataException("ONNX Runtime cannot evaluate this model (" + e.getMessage() + "); use the"
                        + " DL4J engine (--engine dl4j)", e);
            }
            LOG.info("scanning in DL4J: {}", e.getMessage());
            String why = String.valueOf(e.getMessage()).replaceAll("\\.$", "");
            return new SensitivityShrunkPoints(d.network(), d.graph(), data, true, List.of("the network does not"
                    + " convert to ONNX (" + why + "), so every point was measured in DL4J, more slowly"));
        }
        return new SensitivityMaskedPoints(model, d.graph(), (layer, key) -> converted.initializerOf(layer, key)
                .map(ParamInitializer::name), runs(model, data), new SensitivityShrunkPoints(d.network(), d.graph(),
                data, false, List.of()));
    }

    private static SensitivityRuns runs(ModelProto model, DataSource data) throws DataException {
        try {
            return new SensitivityRuns(model, data);
        } catch (IllegalArgumentException e) {
            throw new DataException("the sensitivity scan " + e.getMessage().replace("the scan ", ""), e);
        }
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
