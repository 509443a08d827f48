package dev.shears.pruning;

import dev.shears.analysis.DependencyAnalyzer;
import dev.shears.io.ModelBackend;
import dev.shears.model.ChannelGroups;
import dev.shears.model.NetworkGraph;
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
    private final Supplier<Criterion> taylor;
    /** One instance per (criterion, seed), so a measured criterion (taylor) is measured once. */
    private final Map<String, Criterion> criteria = new ConcurrentHashMap<>();
    private final Map<CriterionName, ChannelRanking> channelRankings = new ConcurrentHashMap<>();
    private volatile WeightRanking weightRanking;

    /** @param taylor measures Taylor scores on labelled data; called at most once */
    public PreviewPlanner(ModelBackend backend, Supplier<Criterion> taylor) {
        this.backend = backend;
        this.graph = backend.graph();
        this.groups = DependencyAnalyzer.analyze(graph);
        this.impactModel = ImpactModel.of(graph, groups);
        this.weights = backend.weights();
        this.taylor = taylor;
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

    /** Whether {@link #impact} for this mode and criterion is immediate (its scores are ready). */
    public boolean isPrepared(PruningMode mode, CriterionName criterion) {
        return mode == PruningMode.STRUCTURED ? channelRankings.containsKey(criterion)
                : !criterion.elementWise() || criterion == CriterionName.RANDOM || weightRanking != null;
    }

    /**
     * Whether {@link #impact} for this recipe is a matter of microseconds: its scores are prepared and
     * no random weight criterion is involved (exact random counts need a real plan).
     */
    public boolean isFast(PruningSpec spec) {
        if (!isPrepared(spec.mode(), spec.criterion())) {
            return false;
        }
        return spec.mode() == PruningMode.STRUCTURED || !usesRandomWeights(spec);
    }

    /** Whether an unstructured recipe ranks any layer's weights at random (exact counts then need a plan). */
    private static boolean usesRandomWeights(PruningSpec spec) {
        return spec.criterion() == CriterionName.RANDOM || spec.layers().values().stream()
                .anyMatch(o -> o.criterion().map(c -> c == CriterionName.RANDOM).orElse(false));
    }

    /** Scores and sorts what {@link #impact} needs for this mode and criterion; slow the first time. */
    public void prepare(PruningMode mode, CriterionName criterion) {
        if (mode == PruningMode.STRUCTURED) {
            channelRankings.computeIfAbsent(criterion, c -> new ChannelRanking(groups, weights,
                    criterion(c, PruningSpec.DEFAULT_SEED)));
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
        prepare(spec.mode(), spec.criterion());
        if (spec.mode() == PruningMode.STRUCTURED) {
            StructuredSettings settings = structuredSettings(spec);
            int[] removed = channelRankings.get(spec.criterion()).removedPerGroup(settings)
                    .orElseGet(() -> removedByPlan(settings));
            return impactModel.structured(removed);
        }
        UnstructuredSettings settings = SpecResolver.unstructured(spec, graph);
        return impactModel.unstructured(usesRandomWeights(spec) ? prunedByPlan(settings)
                : weightRanking.prunedPerTensor(settings));
    }

    /** The exact plan, as {@link PruningService} would make it (same scores). */
    public Plan plan(PruningSpec spec) {
        if (spec.mode() == PruningMode.STRUCTURED) {
            return Planner.plan(graph, groups, weights, structuredSettings(spec));
        }
        return UnstructuredPlanner.plan(graph, weights, SpecResolver.unstructured(spec, graph));
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

    private Criterion criterion(CriterionName name, long seed) {
        String key = name == CriterionName.RANDOM ? name.jsonName() + "/" + seed : name.jsonName();
        return criteria.computeIfAbsent(key, k -> Criteria.structured(name, seed, taylor));
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
