package dev.shears.pruning.planning;

import dev.shears.analysis.DependencyAnalyzer;
import dev.shears.io.ModelBackend;
import dev.shears.model.ChannelGroups;
import dev.shears.model.NetworkGraph;
import dev.shears.pruning.CriterionName;
import dev.shears.pruning.PruningMode;
import dev.shears.pruning.Weights;
import dev.shears.pruning.criteria.Criteria;
import dev.shears.pruning.criteria.Criterion;
import dev.shears.pruning.criteria.CriterionMeasurer;
import dev.shears.pruning.criteria.Importance;
import dev.shears.pruning.equivalence.EquivalenceCheck;
import dev.shears.pruning.impact.Budget;
import dev.shears.pruning.impact.Impact;
import dev.shears.pruning.impact.ImpactModel;
import dev.shears.pruning.plan.Plan;
import dev.shears.pruning.plan.PruningPlan;
import dev.shears.pruning.plan.UnstructuredPlan;
import dev.shears.pruning.recipes.PruningSpec;
import dev.shears.pruning.service.PruningService;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;


/**
 * Answers "what would this recipe do?" for one network, many times: the live impact (parameters,
 * MACs, sizes) from counts in microseconds, and the exact plan and masked network for an accuracy
 * preview. Scores are computed once per criterion and reused ({@link #prepare}); the network is
 * never changed. Thread-safe: scoring may run in the background while impacts are read elsewhere.
 */
public final class PreviewPlanner {
    private final ModelBackend backend;
    private final NetworkGraph graph;
    private final ChannelGroups groups;
    private final ImpactModel impactModel;
    private final Weights weights;
    /** Measured criteria (taylor, obd), each measured at most once. */
    private final Map<CriterionName, Criterion> measured = new ConcurrentHashMap<>();
    private final CriterionMeasurer measurer;
    /** One instance per (criterion, seed), so a measured criterion (taylor) is measured once. */
    private final Map<String, Criterion> criteria = new ConcurrentHashMap<>();
    /** Per criterion and importance ("l1", "l1/group-mean"). */
    private final Map<String, ChannelRanking> channelRankings = new ConcurrentHashMap<>();
    private volatile WeightRanking weightRanking;

    /** @param taylor measures Taylor scores on labelled data; called at most once (obd is refused) */
    public PreviewPlanner(ModelBackend backend, Supplier<Criterion> taylor) {
        this(backend, CriterionMeasurer.taylorOnly(taylor));
    }

    /** @param measurer measures taylor and obd on labelled data; called at most once for each */
    public PreviewPlanner(ModelBackend backend, CriterionMeasurer measurer) {
        this.backend = backend;
        this.graph = backend.graph();
        this.groups = DependencyAnalyzer.analyze(graph);
        this.impactModel = ImpactModel.of(graph, groups);
        this.weights = backend.weights();
        this.measurer = measurer;
    }

    public NetworkGraph graph() {
        return graph;
    }

    public ChannelGroups groups() {
        return groups;
    }

    public ImpactModel impactModel() {
        return impactModel;
    }

    /**
     * Whether {@link #impact} for this mode and criterion is immediate (its scores are ready): for
     * channels, its producer ranking; for weights, the magnitudes, or obd's measurement.
     */
    public boolean isPrepared(PruningMode mode, CriterionName criterion) {
        if (mode == PruningMode.STRUCTURED) {
            return channelRankings.containsKey(rankingKey(criterion, Importance.PRODUCER));
        }
        if (criterion == CriterionName.OBD) {
            return measured.containsKey(criterion);
        }
        return !criterion.elementWise() || criterion == CriterionName.RANDOM || weightRanking != null;
    }

    /**
     * Whether {@link #impact} for this recipe is a matter of microseconds: its scores are prepared (for
     * channels, under the recipe's importance) and no random or obd weight criterion is involved (exact
     * counts for those need a real plan).
     */
    public boolean isFast(PruningSpec spec) {
        if (spec.mode() == PruningMode.STRUCTURED) {
            return channelRankings.containsKey(rankingKey(spec.criterion(), spec.importance()));
        }
        return isPrepared(spec.mode(), spec.criterion()) && !usesPlannedWeights(spec);
    }

    /**
     * Whether an unstructured recipe ranks any layer's weights by something other than |w| (random,
     * obd): exact counts then need a plan.
     */
    private static boolean usesPlannedWeights(PruningSpec spec) {
        return planned(spec.criterion()) || spec.layers().values().stream()
                .anyMatch(o -> o.criterion().map(PreviewPlanner::planned).orElse(false));
    }

    private static boolean planned(CriterionName name) {
        return name == CriterionName.RANDOM || name == CriterionName.OBD;
    }

    /** Scores and sorts what {@link #impact} needs for this mode and criterion; slow the first time. */
    public void prepare(PruningMode mode, CriterionName criterion) {
        prepare(mode, criterion, Importance.PRODUCER);
    }

    private void prepare(PruningMode mode, CriterionName criterion, Importance importance) {
        if (mode == PruningMode.STRUCTURED) {
            channelRankings.computeIfAbsent(rankingKey(criterion, importance), k -> new ChannelRanking(groups, weights,
                    criterion(criterion, PruningSpec.DEFAULT_SEED, importance)));
        } else if (criterion == CriterionName.OBD) {
            measure(criterion);
        } else if (criterion != CriterionName.RANDOM && weightRanking == null) {
            synchronized (this) {
                if (weightRanking == null) {
                    weightRanking = new WeightRanking(graph, weights);
                }
            }
        }
    }

    /** Parameters, MACs and per-tensor sizes the recipe would leave. Prepares on first use. */
    public Impact impact(PruningSpec spec) {
        prepare(spec.mode(), spec.criterion(), spec.importance());
        if (spec.mode() == PruningMode.STRUCTURED) {
            StructuredSettings settings = structuredSettings(spec);
            int[] removed = channelRankings.get(rankingKey(spec.criterion(), spec.importance()))
                    .removedPerGroup(settings).orElseGet(() -> removedByPlan(settings));
            return impactModel.structured(removed);
        }
        UnstructuredSettings settings = SpecResolver.unstructured(spec, graph, this::measure);
        return impactModel.unstructured(usesPlannedWeights(spec) ? prunedByPlan(settings)
                : weightRanking.prunedPerTensor(settings));
    }

    /**
     * The recipe with the smallest ratio whose plan keeps at most the budget's share of MACs or
     * parameters ({@link BudgetSolver}); prepares on first use.
     */
    public BudgetSolver.Solution solve(PruningSpec spec, Budget budget) {
        return BudgetSolver.solve(this::impact, spec, budget);
    }

    /**
     * Per-layer ratios from a sensitivity scan's curves that meet a budget at the least predicted accuracy
     * loss ({@link AllocationSolver}); prepares on first use.
     */
    public AllocationSolver.Allocation allocate(PruningSpec spec, Budget budget, SensitivityCurves curves,
                                                dev.shears.task.Cancellation cancellation) {
        return AllocationSolver.solve(this::impact, spec, budget, curves, cancellation);
    }

    /** Per-layer shares for a latency budget from the scan's curves and measured times ({@link AllocationSolver}). */
    public AllocationSolver.Allocation allocateForLatency(PruningSpec spec, Budget budget, SensitivityCurves curves,
                                                          LatencyTable latency,
                                                          dev.shears.task.Cancellation cancellation) {
        return AllocationSolver.solveForLatency(this::impact, spec, budget, curves, latency, cancellation);
    }

    /** The exact plan, as {@link PruningService} would make it (same scores). */
    public Plan plan(PruningSpec spec) {
        if (spec.mode() == PruningMode.STRUCTURED) {
            return Planner.plan(graph, groups, weights, structuredSettings(spec));
        }
        return UnstructuredPlanner.plan(graph, weights, SpecResolver.unstructured(spec, graph, this::measure));
    }

    /** A copy of the model with the plan's channels or weights zeroed: what the pruned one computes. */
    public ModelBackend masked(Plan plan) {
        return backend.masked(plan);
    }

    /**
     * The network to evaluate for a preview: for a structured plan the physically smaller one (it
     * computes what the masked network does — {@link EquivalenceCheck} — at a fraction of the MACs),
     * for an unstructured plan the masked copy.
     */
    public ModelBackend forEvaluation(Plan plan) {
        return plan instanceof PruningPlan structured ? backend.shrunk(structured) : backend.masked(plan);
    }

    /**
     * The recipe with this planner's criterion instances. A recipe whose random seed differs from the
     * prepared ranking's gets its own instance, so {@link ChannelRanking} declines and a real plan counts.
     */
    private StructuredSettings structuredSettings(PruningSpec spec) {
        return SpecResolver.structured(spec, graph, groups, name -> criterion(name, spec.seed()));
    }

    /** The criterion as a ranking built by {@link #prepare} holds it (importance applied), so that it is found again. */
    private Criterion criterion(CriterionName name, long seed, Importance importance) {
        return importance.apply(name, criterion(name, seed));
    }

    private Criterion criterion(CriterionName name, long seed) {
        if (name.measured()) {
            return measure(name);
        }
        String key = name == CriterionName.RANDOM ? name.jsonName() + "/" + seed : name.jsonName();
        return criteria.computeIfAbsent(key, k -> Criteria.structured(name, seed, measurer));
    }

    private Criterion measure(CriterionName name) {
        return measured.computeIfAbsent(name, measurer::measure);
    }

    private static String rankingKey(CriterionName name, Importance importance) {
        return name.jsonName() + "/" + importance.jsonName();
    }

    private int[] removedByPlan(StructuredSettings settings) {
        PruningPlan plan = Planner.plan(graph, groups, weights, settings);
        int[] removed = new int[groups.groups().size()];
        plan.groups().forEach(g -> removed[g.group().id()] = g.removedCount());
        return removed;
    }

    private long[] prunedByPlan(UnstructuredSettings settings) {
        UnstructuredPlan plan = UnstructuredPlanner.plan(graph, weights, settings);
        return graph.nodes().stream().flatMap(n -> n.params().stream().filter(p -> p.isWeight())
                        .map(p -> plan.mask(n.name(), p.key()).map(m -> (long) m.prunedCount()).orElse(0L)))
                .mapToLong(Long::longValue).toArray();
    }
}
