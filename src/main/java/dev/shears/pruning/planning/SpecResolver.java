package dev.shears.pruning.planning;

import dev.shears.model.ChannelGroup;
import dev.shears.model.ChannelGroups;
import dev.shears.model.LayerNode;
import dev.shears.model.NetworkGraph;
import dev.shears.model.ParamTensor;
import dev.shears.pruning.CriterionName;
import dev.shears.pruning.PruningMode;
import dev.shears.pruning.PruningSpecException;
import dev.shears.pruning.criteria.Criteria;
import dev.shears.pruning.criteria.Criterion;
import dev.shears.pruning.criteria.CriterionMeasurer;
import dev.shears.pruning.criteria.ElementCriterion;
import dev.shears.pruning.criteria.Importance;
import dev.shears.pruning.recipes.PruningSpec;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Applies a {@link PruningSpec} to one network: checks every layer name it mentions and turns it into
 * planner settings. For structured pruning a layer name selects the channel group that layer
 * produces (any producer of a residual group selects the whole group); ignoring a layer keeps its
 * own output channels, while its inputs still shrink if the layer before it is pruned.
 */
public final class SpecResolver {
    private SpecResolver() {
    }

    /** @param taylor measures Taylor scores; called only when the recipe names taylor (obd is refused) */
    public static StructuredSettings structured(PruningSpec spec, NetworkGraph graph, ChannelGroups groups,
                                                Supplier<Criterion> taylor) {
        return structuredMeasuring(spec, graph, groups, CriterionMeasurer.taylorOnly(taylor));
    }

    /** @param measured measures taylor and obd; called only for the ones the recipe names */
    public static StructuredSettings structuredMeasuring(PruningSpec spec, NetworkGraph graph, ChannelGroups groups,
                                                         CriterionMeasurer measured) {
        CriterionCache made = new CriterionCache(spec.seed(), measured);
        return structured(spec, graph, groups, made::of);
    }

    /**
     * Like the above, with the caller's criterion instances (e.g. ones whose scores are cached); the
     * recipe's {@link Importance} is applied to them here.
     */
    public static StructuredSettings structured(PruningSpec spec, NetworkGraph graph, ChannelGroups groups,
                                                java.util.function.Function<CriterionName, Criterion> named) {
        requireMode(spec, PruningMode.STRUCTURED);
        java.util.function.Function<CriterionName, Criterion> criteria = name -> spec.importance().apply(name,
                named.apply(name));
        GroupRule defaults = new GroupRule(criteria.apply(spec.criterion()), spec.amount(), spec.minKeep(), spec.roundTo());
        Map<String, GroupRule> rules = new LinkedHashMap<>();
        Map<String, String> selectedBy = new HashMap<>();
        spec.layers().forEach((layer, o) -> {
            String field = "layers." + layer;
            ChannelGroup group = producedGroup(graph, groups, layer, field).orElseThrow(() ->
                    new PruningSpecException(field, "'" + layer + "' computes no channels of its own; name the conv"
                            + " or dense layer that does"));
            if (!group.prunable()) {
                throw new PruningSpecException(field, "'" + layer + "' cannot be pruned (" + group.blockers().get(0)
                        + ")");
            }
            String earlier = selectedBy.putIfAbsent(group.name(), field);
            if (earlier != null) {
                throw new PruningSpecException(field, "selects the same channel group as " + earlier
                        + " (their channels are joined, e.g. by a residual add)");
            }
            rules.put(group.name(), new GroupRule(criteria.apply(o.criterion().orElse(spec.criterion())),
                    o.amount().orElse(spec.amount()), o.minKeep().orElse(spec.minKeep()),
                    o.roundTo().orElse(spec.roundTo())));
        });
        Set<String> ignored = new HashSet<>();
        for (int i = 0; i < spec.ignore().size(); i++) {
            String layer = spec.ignore().get(i);
            producedGroup(graph, groups, layer, "ignore[" + i + "]").ifPresent(g -> ignored.add(g.name()));
        }
        return new StructuredSettings(spec.scope(), defaults, rules, ignored, spec.capped() ? spec.maxLayerRatio()
                : 1.0);
    }

    /** Resolves names and amounts; an obd recipe is refused when it scores (no data to measure it here). */
    public static UnstructuredSettings unstructured(PruningSpec spec, NetworkGraph graph) {
        return unstructured(spec, graph, CriterionMeasurer.none());
    }

    /** @param measured measures obd when the plan first scores weights with it (resolving never measures) */
    public static UnstructuredSettings unstructured(PruningSpec spec, NetworkGraph graph, CriterionMeasurer measured) {
        requireMode(spec, PruningMode.UNSTRUCTURED);
        if (spec.importance() != Importance.PRODUCER) {
            throw new PruningSpecException("importance", "applies to structured pruning only (channels)");
        }
        CriterionCache criteria = new CriterionCache(spec.seed(), measured);
        Map<String, ElementRule> rules = new LinkedHashMap<>();
        spec.layers().forEach((layer, o) -> {
            String field = "layers." + layer;
            LayerNode node = node(graph, layer, field);
            if (node.params().stream().noneMatch(ParamTensor::isWeight)) {
                throw new PruningSpecException(field, "'" + layer + "' has no weights to prune");
            }
            rules.put(layer, new ElementRule(criteria.element(o.criterion().orElse(spec.criterion())),
                    o.amount().orElse(spec.amount())));
        });
        for (int i = 0; i < spec.ignore().size(); i++) {
            node(graph, spec.ignore().get(i), "ignore[" + i + "]");
        }
        return new UnstructuredSettings(spec.scope(), new ElementRule(criteria.element(spec.criterion()),
                spec.amount()), rules, Set.copyOf(spec.ignore()));
    }

    private static void requireMode(PruningSpec spec, PruningMode mode) {
        if (spec.mode() != mode) {
            throw new IllegalArgumentException("a " + spec.mode().jsonName() + " recipe resolved as " + mode.jsonName());
        }
    }

    private static LayerNode node(NetworkGraph graph, String layer, String field) {
        return graph.node(layer).orElseThrow(() -> new PruningSpecException(field, "unknown layer '" + layer + "'"));
    }

    /** The group whose channels the layer computes, if any. */
    private static Optional<ChannelGroup> producedGroup(NetworkGraph graph, ChannelGroups groups, String layer,
                                                        String field) {
        node(graph, layer, field);
        return groups.groups().stream().filter(g -> g.producers().contains(layer)).findFirst();
    }

    /** One instance per criterion name, so a measured criterion (taylor, obd) is measured once. */
    private static final class CriterionCache {
        private final long seed;
        private final CriterionMeasurer measured;
        private final Map<CriterionName, Criterion> made = new HashMap<>();
        private final Map<CriterionName, ElementCriterion> elements = new HashMap<>();

        CriterionCache(long seed, CriterionMeasurer measured) {
            this.seed = seed;
            this.measured = name -> made.computeIfAbsent(name, n -> measured.measure(n));
        }

        Criterion of(CriterionName name) {
            return name.measured() ? measured.measure(name)
                    : made.computeIfAbsent(name, n -> Criteria.structured(n, seed, measured));
        }

        ElementCriterion element(CriterionName name) {
            return elements.computeIfAbsent(name, n -> Criteria.element(n, seed, measured));
        }
    }
}
