package dev.shears.ui.layers;

import dev.shears.model.LayerNode;
import dev.shears.model.NetworkGraph;
import dev.shears.model.ParamTensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a {@link NetworkGraph} into the rows of the layer tree. A node's input preprocessor
 * ("fc1/preprocessor") becomes a child of that node; runs of two or more consecutive nodes whose
 * names share the prefix before the first '_' ("block1_conv1", "block1_add", …; a node named
 * exactly the prefix, like "stem" before "stem_bn", belongs too) become a group.
 * Filtering keeps rows whose name or type contains the text, and the groups that hold them.
 */
public final class LayerTreeBuilder {
    private static final String PREPROCESSOR_SUFFIX = "/preprocessor";

    private LayerTreeBuilder() {
    }

    /** Marks shapes that follow from a guessed input size (the file does not record it). */
    public static final String GUESSED = "≈ ";

    public static List<LayerRow> build(NetworkGraph graph, String filter) {
        long total = Math.max(1, graph.totalParams());
        String mark = graph.inputShapeAssumed() ? GUESSED : "";
        Map<String, LayerNode> preprocessors = new LinkedHashMap<>();
        List<LayerNode> main = new ArrayList<>();
        for (LayerNode n : graph.nodes()) {
            if (n.name().endsWith(PREPROCESSOR_SUFFIX)) {
                preprocessors.put(n.name().substring(0, n.name().length() - PREPROCESSOR_SUFFIX.length()), n);
            } else {
                main.add(n);
            }
        }
        String needle = filter == null ? "" : filter.trim().toLowerCase(Locale.ROOT);
        List<LayerRow> rows = new ArrayList<>();
        int i = 0;
        while (i < main.size()) {
            String prefix = groupPrefix(main.get(i).name());
            int j = i + 1;
            while (j < main.size() && prefix.equals(groupPrefix(main.get(j).name()))) {
                j++;
            }
            if (j - i >= 2) {
                List<LayerRow> children = new ArrayList<>();
                boolean groupMatches = matches(prefix, "group", needle);
                for (LayerNode n : main.subList(i, j)) {
                    LayerRow row = nodeRow(n, preprocessors.get(n.name()), total, groupMatches ? "" : needle, mark);
                    if (row != null) {
                        children.add(row);
                    }
                }
                if (!children.isEmpty()) {
                    rows.add(groupRow(prefix, main.subList(i, j), children, total, mark));
                }
                i = j;
            } else {
                LayerNode n = main.get(i);
                LayerRow row = nodeRow(n, preprocessors.get(n.name()), total, needle, mark);
                if (row != null) {
                    rows.add(row);
                }
                i++;
            }
        }
        return rows;
    }

    private static String groupPrefix(String name) {
        int cut = name.indexOf('_');
        return cut > 0 ? name.substring(0, cut) : name;
    }

    private static boolean matches(String name, String type, String needle) {
        return needle.isEmpty() || name.toLowerCase(Locale.ROOT).contains(needle)
                || type.toLowerCase(Locale.ROOT).contains(needle);
    }

    /** The row for a node with its preprocessor as child; null when neither matches the filter. */
    private static LayerRow nodeRow(LayerNode n, LayerNode preprocessor, long total, String needle, String mark) {
        List<LayerRow> children = new ArrayList<>();
        if (preprocessor != null && matches(preprocessor.name(), preprocessor.kind().displayName(), needle)) {
            children.add(leaf(preprocessor, total, mark));
        }
        boolean self = matches(n.name(), n.kind().displayName(), needle);
        if (!self && children.isEmpty()) {
            return null;
        }
        return new LayerRow(n.name(), n.kind().displayName(), shape(n, mark), n.paramCount(), n.macs(),
                (double) n.paramCount() / total, n.sparsity(), n, children);
    }

    /** A known shape after a guessed input is marked as a guess; an unknown one ("?") needs no mark. */
    private static String shape(LayerNode n, String mark) {
        return (n.outputShape().isKnown() ? mark : "") + n.outputShape();
    }

    private static LayerRow leaf(LayerNode n, long total, String mark) {
        return new LayerRow(n.name(), n.kind().displayName(), shape(n, mark), n.paramCount(), n.macs(),
                (double) n.paramCount() / total, n.sparsity(), n, List.of());
    }

    private static LayerRow groupRow(String prefix, List<LayerNode> members, List<LayerRow> children, long total,
                                     String mark) {
        long params = 0;
        long macs = 0;
        long count = 0;
        long zeros = 0;
        boolean read = true;
        for (LayerNode n : members) {
            params += n.paramCount();
            macs += n.macs();
            for (ParamTensor p : n.params()) {
                read &= p.stats().isRead();
                count += p.stats().count();
                zeros += p.stats().zeros();
            }
        }
        String shape = shape(members.get(members.size() - 1), mark);
        return new LayerRow(prefix, "group of " + members.size(), shape, params, macs, (double) params / total,
                !read ? Double.NaN : count == 0 ? 0 : (double) zeros / count, null, children);
    }
}
