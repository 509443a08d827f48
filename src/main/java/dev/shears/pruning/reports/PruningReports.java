package dev.shears.pruning.reports;

import dev.shears.model.ChannelGroup;
import dev.shears.model.ChannelGroups;
import dev.shears.model.LayerNode;
import dev.shears.model.NetworkGraph;
import dev.shears.pruning.PruningMode;
import dev.shears.pruning.equivalence.Equivalence;
import dev.shears.pruning.plan.NetworkCost;
import dev.shears.pruning.plan.PlanIndices;
import dev.shears.pruning.plan.PruningPlan;
import dev.shears.pruning.plan.UnstructuredPlan;
import dev.shears.pruning.planning.Planner;
import dev.shears.pruning.planning.UnstructuredPlanner;
import dev.shears.pruning.recipes.Provenance;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What a pruning run did, per layer and in total, for any model format: the report behind the CLI, the app and the export. */
public final class PruningReports {
    private PruningReports() {
    }

    /**
     * @param paramsAfter  parameters of the shrunk model as its own format counts them
     * @param equivalence  shrunk against masked original
     * @param change       shrunk against the original
     */
    public static PruningReport structured(Provenance provenance, NetworkGraph graph, ChannelGroups groups,
                                           PruningPlan plan, long paramsAfter, Equivalence equivalence,
                                           Equivalence change, String checkedOn) {
        PlanIndices removed = PlanIndices.of(plan.groups(), role -> true);
        Map<String, NetworkCost> after = Planner.layerCosts(graph, plan.groups());
        List<LayerReport> layers = new ArrayList<>();
        for (LayerNode node : layersWithParams(graph)) {
            long channels = channels(node);
            layers.add(layer(node, after.get(node.name()), channels,
                    channels < 0 ? -1 : channels - removed.removedChannels(node.name())));
        }
        long channelsAfter = plan.groups().stream().mapToLong(g -> g.kept().size()).sum();
        return new PruningReport(provenance, PruningMode.STRUCTURED, layers, plan.before(), plan.after(), paramsAfter,
                totalChannels(groups), channelsAfter, Optional.of(equivalence), change, checkedOn, plan.skipped(),
                groups.notPrunable());
    }

    /** @param change the masked model against the original */
    public static PruningReport unstructured(Provenance provenance, NetworkGraph graph, ChannelGroups groups,
                                             UnstructuredPlan plan, long paramsAfter, Equivalence change,
                                             String checkedOn) {
        Map<String, NetworkCost> after = UnstructuredPlanner.layerCostsAfter(graph, plan.masks());
        List<LayerReport> layers = new ArrayList<>();
        for (LayerNode node : layersWithParams(graph)) {
            layers.add(layer(node, after.get(node.name()), channels(node), channels(node)));
        }
        long channels = totalChannels(groups);
        return new PruningReport(provenance, PruningMode.UNSTRUCTURED, layers, plan.before(), plan.after(), paramsAfter,
                channels, channels, Optional.empty(), change, checkedOn, Map.of(), groups.notPrunable());
    }

    private static LayerReport layer(LayerNode node, NetworkCost after, long channelsBefore, long channelsAfter) {
        return new LayerReport(node.name(), node.kind().displayName(), node.paramCount(), after.params(), node.macs(),
                after.macs(), channelsBefore, channelsAfter);
    }

    private static List<LayerNode> layersWithParams(NetworkGraph graph) {
        return graph.nodes().stream().filter(LayerNode::hasParams).toList();
    }

    private static long channels(LayerNode node) {
        return node.outputShape().isKnown() ? node.outputShape().dim(0) : -1;
    }

    private static long totalChannels(ChannelGroups groups) {
        return groups.groups().stream().mapToLong(ChannelGroup::channels).sum();
    }
}
