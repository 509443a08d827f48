package dev.shears.pruning.surgery;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * Copies of ComputationGraphs and their configurations that keep every MergeVertex's axis. DL4J
 * M2.1's {@code MergeVertex.clone()} returns a vertex with the default axis 1, which is right for
 * NCHW but not for a Keras import, whose channels-last concatenations merge on axis -1.
 */
public final class GraphCopies {
    private GraphCopies() {
    }

    public static ComputationGraphConfiguration configuration(ComputationGraphConfiguration conf) {
        ComputationGraphConfiguration copy = conf.clone();
        conf.getVertices().forEach((name, vertex) -> {
            if (vertex instanceof MergeVertex merge && copy.getVertices().get(name) instanceof MergeVertex copied) {
                copied.setMergeAxis(merge.getMergeAxis());
                copied.setModified(merge.isModified());
            }
        });
        return copy;
    }

    /** {@code graph.clone()} when that is faithful; otherwise rebuilt from a faithful configuration. */
    public static ComputationGraph graph(ComputationGraph graph) {
        boolean axisLost = graph.getConfiguration().getVertices().values().stream()
                .anyMatch(GraphCopies::nonDefaultMerge);
        if (!axisLost) {
            return graph.clone();
        }
        ComputationGraph copy = new ComputationGraph(configuration(graph.getConfiguration()));
        copy.init(graph.params().dup(), false);
        return copy;
    }

    private static boolean nonDefaultMerge(GraphVertex vertex) {
        return vertex instanceof MergeVertex merge && merge.getMergeAxis() != MergeVertex.DEFAULT_MERGE_DIM;
    }
}
