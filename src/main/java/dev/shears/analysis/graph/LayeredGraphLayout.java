package dev.shears.analysis.graph;

import dev.shears.model.LayerNode;
import dev.shears.model.NetworkGraph;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import org.eclipse.elk.alg.layered.options.LayeredOptions;
import org.eclipse.elk.alg.layered.options.OrderingStrategy;
import org.eclipse.elk.core.RecursiveGraphLayoutEngine;
import org.eclipse.elk.core.math.ElkPadding;
import org.eclipse.elk.core.options.CoreOptions;
import org.eclipse.elk.core.options.Direction;
import org.eclipse.elk.core.options.EdgeLabelPlacement;
import org.eclipse.elk.core.options.EdgeRouting;
import org.eclipse.elk.core.util.BasicProgressMonitor;
import org.eclipse.elk.graph.ElkBendPoint;
import org.eclipse.elk.graph.ElkEdge;
import org.eclipse.elk.graph.ElkEdgeSection;
import org.eclipse.elk.graph.ElkLabel;
import org.eclipse.elk.graph.ElkNode;
import org.eclipse.elk.graph.util.ElkGraphUtil;

/**
 * Lays a {@link NetworkGraph} out as a layered DAG, top to bottom, with Eclipse ELK's layered
 * algorithm (Sugiyama: layering, crossing minimisation, node placement, orthogonal edge routing).
 * Every node of the graph gets a box; every input of a node that names another node gets an edge,
 * labelled with the shape of the tensor it carries (the source's output shape). The sizes of boxes
 * and labels come from the caller, who knows the fonts. Plain Java: callable off the UI thread.
 */
public final class LayeredGraphLayout {
    /** Width and height in layout units. */
    public record Size(double width, double height) {
    }

    /** How big a node's box and an edge label's box are. */
    public interface Sizer {
        Size node(LayerNode node);

        Size label(String text);
    }

    static final double NODE_SPACING = 24;
    static final double LAYER_SPACING = 20;
    static final double PADDING = 16;

    private LayeredGraphLayout() {
    }

    /** The text an edge from this node carries: its output shape, or nothing when unknown. */
    public static Optional<String> edgeLabel(LayerNode source) {
        return source.outputShape().isKnown() ? Optional.of(source.outputShape().toString()) : Optional.empty();
    }

    public static GraphLayout layout(NetworkGraph graph, Sizer sizer) {
        return layout(graph, sizer, () -> false);
    }

    /**
     * Lays the graph out; {@code cancelled} is polled between ELK's phases.
     *
     * @throws CancellationException when {@code cancelled} said so
     */
    public static GraphLayout layout(NetworkGraph graph, Sizer sizer, BooleanSupplier cancelled) {
        ElkNode root = ElkGraphUtil.createGraph();
        root.setProperty(CoreOptions.ALGORITHM, LayeredOptions.ALGORITHM_ID);
        root.setProperty(CoreOptions.DIRECTION, Direction.DOWN);
        root.setProperty(CoreOptions.EDGE_ROUTING, EdgeRouting.ORTHOGONAL);
        root.setProperty(CoreOptions.PADDING, new ElkPadding(PADDING));
        root.setProperty(CoreOptions.SPACING_NODE_NODE, NODE_SPACING);
        root.setProperty(LayeredOptions.SPACING_NODE_NODE_BETWEEN_LAYERS, LAYER_SPACING);
        root.setProperty(LayeredOptions.SPACING_EDGE_NODE_BETWEEN_LAYERS, 10.0);
        root.setProperty(LayeredOptions.SPACING_EDGE_EDGE_BETWEEN_LAYERS, 8.0);
        root.setProperty(LayeredOptions.SPACING_EDGE_LABEL, 3.0);
        root.setProperty(LayeredOptions.EDGE_LABELS_PLACEMENT, EdgeLabelPlacement.CENTER);
        // keep the network's own order where crossings allow: the main path stays on one side
        root.setProperty(LayeredOptions.CONSIDER_MODEL_ORDER_STRATEGY, OrderingStrategy.NODES_AND_EDGES);
        root.setProperty(CoreOptions.RANDOM_SEED, 1);

        Map<String, ElkNode> elkNodes = new LinkedHashMap<>();
        for (LayerNode node : graph.nodes()) {
            ElkNode n = ElkGraphUtil.createNode(root);
            n.setIdentifier(node.name());
            Size size = sizer.node(node);
            n.setDimensions(size.width(), size.height());
            elkNodes.put(node.name(), n);
        }
        record Pending(String from, String to, ElkEdge edge, Optional<String> label) {
        }
        List<Pending> pending = new ArrayList<>();
        Map<String, LayerNode> byName = graph.byName();
        for (LayerNode node : graph.nodes()) {
            for (String input : node.inputs()) {
                ElkNode source = elkNodes.get(input);
                if (source == null || input.equals(node.name())) {
                    continue; // a graph input or initializer that is no node of ours
                }
                ElkEdge edge = ElkGraphUtil.createSimpleEdge(source, elkNodes.get(node.name()));
                Optional<String> label = edgeLabel(byName.get(input));
                label.ifPresent(text -> {
                    ElkLabel l = ElkGraphUtil.createLabel(text, edge);
                    Size size = sizer.label(text);
                    l.setDimensions(size.width(), size.height());
                });
                pending.add(new Pending(input, node.name(), edge, label));
            }
        }

        new RecursiveGraphLayoutEngine().layout(root, new BasicProgressMonitor() {
            @Override
            public boolean isCanceled() {
                return cancelled.getAsBoolean();
            }
        });
        if (cancelled.getAsBoolean()) {
            throw new CancellationException("layout cancelled");
        }

        List<GraphLayout.Box> boxes = new ArrayList<>();
        elkNodes.forEach((name, n) -> boxes.add(new GraphLayout.Box(name, n.getX(), n.getY(), n.getWidth(),
                n.getHeight())));
        List<GraphLayout.Route> routes = new ArrayList<>();
        for (Pending p : pending) {
            List<GraphLayout.Point> points = new ArrayList<>();
            for (ElkEdgeSection section : p.edge().getSections()) {
                points.add(new GraphLayout.Point(section.getStartX(), section.getStartY()));
                for (ElkBendPoint bend : section.getBendPoints()) {
                    points.add(new GraphLayout.Point(bend.getX(), bend.getY()));
                }
                points.add(new GraphLayout.Point(section.getEndX(), section.getEndY()));
            }
            Optional<GraphLayout.Box> labelBox = p.edge().getLabels().stream().findFirst().map(l ->
                    new GraphLayout.Box(l.getText(), l.getX(), l.getY(), l.getWidth(), l.getHeight()));
            routes.add(new GraphLayout.Route(p.from(), p.to(), points, p.label(), labelBox));
        }
        return new GraphLayout(boxes, routes, root.getWidth(), root.getHeight());
    }
}
