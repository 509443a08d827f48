package dev.shears.analysis.graph;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A network graph laid out in the plane: a box per node and a polyline per edge, in layout units
 * (1 unit = 1 pixel at 100 % zoom), y growing downwards, the whole drawing within
 * [0, width] × [0, height].
 *
 * @param nodes one box per node of the graph, in the graph's order
 * @param edges one route per input of a node, in the graph's order
 */
public record GraphLayout(List<Box> nodes, List<Route> edges, double width, double height) {
    public GraphLayout {
        nodes = List.copyOf(nodes);
        edges = List.copyOf(edges);
    }

    /** A point of the drawing. */
    public record Point(double x, double y) {
    }

    /** An axis-aligned rectangle; for a node, {@code name} is the node's name. */
    public record Box(String name, double x, double y, double width, double height) {
        public double maxX() {
            return x + width;
        }

        public double maxY() {
            return y + height;
        }

        public double centerX() {
            return x + width / 2;
        }

        public double centerY() {
            return y + height / 2;
        }

        /** Whether the two rectangles share interior area (touching edges do not count). */
        public boolean overlaps(Box other) {
            return x < other.maxX() && other.x < maxX() && y < other.maxY() && other.y < maxY();
        }
    }

    /**
     * The route of the tensor from {@code from} to {@code to}: points from the source's border to the
     * target's border (bends in between), and where its label (the tensor's shape) sits, if it has one.
     */
    public record Route(String from, String to, List<Point> points, Optional<String> label, Optional<Box> labelBox) {
        public Route {
            points = List.copyOf(points);
        }
    }

    public Optional<Box> node(String name) {
        return nodes.stream().filter(b -> b.name().equals(name)).findFirst();
    }

    public Map<String, Box> byName() {
        Map<String, Box> map = new LinkedHashMap<>();
        nodes.forEach(b -> map.put(b.name(), b));
        return map;
    }
}
